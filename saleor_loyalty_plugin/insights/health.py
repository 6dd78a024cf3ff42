"""Program health: what the program gave, what customers used, what it still owes.

Figures come from *providers*, a small registry: the points provider is the
first; features added later (journey messages sent and offers used, survey
response rate and recommend score, expiry) register their own with
``register_health_provider`` and appear in ``programHealth { figures }`` and
on the staff page without touching this module.
"""
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Callable, Dict, List, Optional, Tuple

from ..core import balances
from ..core import insights as rules
from ..core.calendar import add_months
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from .scope import InsightScope, rows, shop_midnight


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Optional[Decimal]
    unit: str = ""  # "points", "percent", a currency code, or ""


Provider = Callable[[InsightScope], List[Figure]]
_PROVIDERS: "OrderedDict[str, Provider]" = OrderedDict()


def register_health_provider(name: str, provider: Provider) -> None:
    """Add (or replace, by name) a provider of program-health figures."""
    _PROVIDERS[name] = provider


def health_figures(scope: InsightScope) -> List[Figure]:
    figures: List[Figure] = []
    for provider in _PROVIDERS.values():
        figures.extend(provider(scope))
    return figures


@dataclass(frozen=True)
class PointsHealth:
    issued: int
    redeemed: int
    expired: int
    outstanding: int
    liability: Optional[Decimal]
    members_per_tier: Tuple[Tuple[str, int], ...]

    @property
    def redemption_rate(self):
        return rules.percent(self.redeemed, self.issued)


def _tables():
    return {"tx": LoyaltyTransaction._meta.db_table, "acc": LoyaltyAccount._meta.db_table}


def _outstanding_by_channel(scope: InsightScope, at: datetime) -> Dict[str, int]:
    sql = """
    SELECT a.channel, COALESCE(SUM(t.points), 0) FROM {tx} t JOIN {acc} a ON a.id = t.account_id
     WHERE a.channel = ANY(%(channels)s) AND t.created_at < %(at)s GROUP BY 1
    """.format(**_tables())
    return dict(rows(sql, scope.params(at=at)))


def _money(scope: InsightScope, outstanding: Dict[str, int]) -> Optional[Decimal]:
    """Each channel's points at its own redemption rate (None if none redeems)."""
    values = [rules.liability(outstanding.get(channel, 0), rate)
              for channel, rate in scope.redeem_rates]
    known = [value for value in values if value is not None]
    return sum(known, Decimal("0")) if known else None


def points_health(scope: InsightScope) -> PointsHealth:
    """Issued (earned net of clawbacks and adjustments), redeemed (net of returns) and
    expired in the period; outstanding (pending + available) at its end."""
    sql = """
    SELECT t.kind, COALESCE(SUM(t.points), 0) FROM {tx} t JOIN {acc} a ON a.id = t.account_id
     WHERE a.channel = ANY(%(channels)s) AND t.created_at >= %(start)s AND t.created_at < %(end)s
     GROUP BY 1
    """.format(**_tables())
    by_kind = dict(rows(sql, scope.params()))
    issued = sum(by_kind.get(kind, 0) for kind in balances.LIFETIME_KINDS)
    redeemed = -(by_kind.get(balances.KIND_REDEEM, 0) + by_kind.get(balances.KIND_REDEEM_RETURN, 0))
    expired = -by_kind.get("expire", 0)
    outstanding = _outstanding_by_channel(scope, scope.end)
    tiers_sql = """
    SELECT tier_slug, COUNT(*) FROM {acc} WHERE channel = ANY(%(channels)s)
     GROUP BY 1 ORDER BY 2 DESC, 1
    """.format(**_tables())
    return PointsHealth(issued=issued, redeemed=redeemed, expired=expired,
                        outstanding=sum(outstanding.values()),
                        liability=_money(scope, outstanding),
                        members_per_tier=tuple(rows(tiers_sql, scope.params())))


def liability_over_time(scope: InsightScope, months: int = 12):
    """``[(month end, outstanding points, liability)]`` for the months up to the period's end."""
    last_first = add_months(scope.end_day.replace(day=1), 0 if scope.end_day.day == 1 else 1)
    ends = [shop_midnight(add_months(last_first, -offset)) for offset in range(months - 1, -1, -1)]
    sql = """
    SELECT m.month_end, a.channel, COALESCE(SUM(t.points), 0)
      FROM unnest(%(ends)s::timestamptz[]) AS m(month_end)
      JOIN {tx} t ON t.created_at < m.month_end
      JOIN {acc} a ON a.id = t.account_id AND a.channel = ANY(%(channels)s)
     GROUP BY 1, 2
    """.format(**_tables())
    found: Dict[datetime, Dict[str, int]] = {}
    for month_end, channel, points in rows(sql, scope.params(ends=ends)):
        found.setdefault(month_end, {})[channel] = points
    series = []
    for end in ends:
        outstanding = found.get(end, {})
        series.append((end, sum(outstanding.values()), _money(scope, outstanding)))
    return series


def _points_figures(scope: InsightScope) -> List[Figure]:
    health = points_health(scope)
    return [
        Figure("points_issued", "Points issued", Decimal(health.issued), "points"),
        Figure("points_redeemed", "Points redeemed", Decimal(health.redeemed), "points"),
        Figure("points_expired", "Points expired", Decimal(health.expired), "points"),
        Figure("points_outstanding", "Points outstanding", Decimal(health.outstanding), "points"),
        Figure("liability", "Outstanding liability", health.liability, scope.currency),
        Figure("redemption_rate", "Redemption rate", health.redemption_rate, "percent"),
    ]


register_health_provider("points", _points_figures)
