"""What an insight query is about: channels, currency, period, settings.

Periods are calendar days in the shop's time zone (``settings.TIME_ZONE``),
turned into aware instants here once, so every query compares ``placed_at``
with the same bounds.  "Overall" spans every channel and is refused when
their currencies differ (revenue in dollars plus yen means nothing).
"""
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Optional, Tuple

from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from ..core import insights as rules
from ..core.calendar import add_months
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..hosts import host
from ..program.selectors import program_for


@dataclass(frozen=True)
class InsightScope:
    channel: Optional[str]  # None: every channel
    channels: Tuple[str, ...]
    currency: str
    first_day: date
    end_day: date  # exclusive
    start: datetime
    end: datetime
    time_zone: str
    activity_months: int
    top_share_percent: object
    redeem_rates: Tuple[Tuple[str, object], ...]  # (channel, points per currency unit)

    def activity_start(self, moment: datetime) -> datetime:
        return add_months(moment, -self.activity_months)

    def params(self, **more):
        values = {"channels": list(self.channels), "start": self.start, "end": self.end,
                  "tz": self.time_zone}
        values.update(more)
        return values


def shop_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time()), timezone.get_default_timezone())


def shop_today() -> date:
    return timezone.localtime(timezone.now(), timezone.get_default_timezone()).date()


def _settings_of(channel: str):
    program = program_for(channel)
    if program is None:
        return rules.InsightSettings(), 0
    return program[1].insights, program[1].redemption.points_per_currency_unit


def insight_scope(*, channel: Optional[str], period: str, day: Optional[date] = None,
                  first: Optional[date] = None, last: Optional[date] = None) -> InsightScope:
    """The scope of a request, or a LoyaltyError saying what is wrong with it."""
    if channel is not None:
        slug = host.normalize_channel(channel)
        if slug is None:
            raise LoyaltyError("Channel %r does not exist." % channel,
                               code=LoyaltyErrorCode.CHANNEL_NOT_FOUND, field="channel")
        channels = (slug,)
    else:
        channels = tuple(sorted(host.channel_slugs()))
    currencies = sorted({host.channel_currency(slug) for slug in channels})
    if len(currencies) > 1:
        raise LoyaltyError(
            "The channels' currencies differ (%s); ask for one channel." % ", ".join(currencies),
            code=LoyaltyErrorCode.INVALID, field="channel")
    first_day, end_day = rules.period_bounds(period, day or shop_today(), first, last)
    # One channel's settings decide; overall uses the first channel's.
    insight_settings, _ = _settings_of(channels[0]) if channels else (rules.InsightSettings(), 0)
    return InsightScope(
        channel=channels[0] if channel is not None else None, channels=channels,
        currency=currencies[0] if currencies else "", first_day=first_day, end_day=end_day,
        start=shop_midnight(first_day), end=shop_midnight(end_day),
        time_zone=django_settings.TIME_ZONE,
        activity_months=insight_settings.activity_months,
        top_share_percent=insight_settings.top_share_percent,
        redeem_rates=tuple((slug, _settings_of(slug)[1]) for slug in channels),
    )


def rows(sql: str, params) -> list:
    with host.writer_access(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def paid_orders_sql() -> str:
    """The scope's paid orders from the insight summary, as a derived table ``o``.

    Columns: order_id (text), channel, customer_id, placed_at, total, country.
    The summary holds exactly the orders the host's insight SQL counts
    (``insights/summary.py``), in one narrow row each on a (channel, placed_at)
    index, so a period's figures never read Saleor's order table.
    """
    return ("(SELECT order_id, channel, customer_id, placed_at, total, country"
            " FROM loyalty_insight_order WHERE channel = ANY(%(channels)s)) o")
