"""The after-sale journey run: send every message that is due as of a moment.

Candidates are found set-based per step and channel (orders whose moment
falls in the step's window, minus those the message log already holds, one
chunk at a time); each remaining candidate is one e-mail.  A run can be
repeated, overlap another, or run late (``--as-of`` catches up): the log's
unique key sends each message once.
"""
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, List

from ..core import earning, journey as core
from ..core import messages as catalogue
from ..core.money import format_money
from ..core.rewards import plain_number
from ..core.tiers import rank, tier_by_slug
from ..hosts import host
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from ..core.balances import KIND_EARN
from ..tiers.models import LoyaltyTierChange
from . import delivery
from .offers import issue_offer
from .tokens import survey_token

logger = logging.getLogger(__name__)
CHUNK_SIZE = 500


@dataclass
class JourneyReport:
    """What a run sent (or, dry, would send): counts per message and each message's address."""

    sent: Counter = field(default_factory=Counter)
    planned: List[dict] = field(default_factory=list)

    def add(self, message: str, channel: str, email: str, reference: str) -> None:
        self.sent[message] += 1
        self.planned.append({"message": message, "channel": channel, "email": email,
                             "reference": reference})


def run_journey(*, now: datetime, settings_for: Callable, dry_run: bool = False,
                channels=None) -> JourneyReport:
    report = JourneyReport()
    for channel in channels if channels is not None else host.channel_slugs():
        program = settings_for(channel)
        if program is None:
            continue
        for step, moment, delay in core.order_steps(program.journey):
            start, end = core.due_window(delay, now)
            for chunk in host.journey_order_ids(channel=channel, moment=moment, start=start,
                                                end=end, chunk_size=CHUNK_SIZE):
                done = delivery.already_logged(channel=channel, message=step, references=chunk)
                for order_id in chunk:
                    if order_id not in done:
                        _order_step(step, order_id, channel, program, now, dry_run, report)
        if program.journey.tier_notices:
            _tier_notices(channel, program, now, dry_run, report)
        if program.journey.expiry_reminder and program.expiry.is_on:
            _expiry_reminders(channel, program, now, dry_run, report)
    return report


def _customer(snapshot):
    user = host.get_user(snapshot.customer_user_id) if snapshot.customer_user_id else None
    email = (snapshot.customer_email or getattr(user, "email", "") or "").strip()
    return delivery.Recipient(email=email, user=user,
                              first_name=getattr(user, "first_name", "") or "")


def _order_step(step, order_id, channel, program, now, dry_run, report) -> None:
    order = host.get_order(order_id)
    if order is None:
        return
    snapshot = host.order_snapshot(order, with_lines=False)
    recipient = _customer(snapshot)
    created_at, fulfilled_at = host.order_journey_moments(order)
    moments = core.OrderMoments(created_at=created_at, fulfilled_at=fulfilled_at,
                                is_undone=snapshot.is_undone,
                                is_guest=recipient.user is None)
    if not recipient.email or not core.is_due(step, moments, program.journey, now):
        return
    if dry_run:
        if not delivery.opt_outs.blocks(recipient.email, catalogue.get(step).category):
            report.add(step, channel, recipient.email, order_id)
        return
    context, prepare = STEP_CONTEXT[step](snapshot, recipient, channel, program, now)
    row = delivery.send(message=catalogue.get(step), channel=channel, recipient=recipient,
                        reference=order_id, context=context, program=program, now=now,
                        order_id=order_id, order_number=snapshot.order_number, prepare=prepare)
    if row is not None:
        report.add(step, channel, recipient.email, order_id)


def _thank_you(snapshot, recipient, channel, program, now):
    earned = (LoyaltyTransaction.objects.filter(order_id=snapshot.order_id, kind=KIND_EARN)
              .values_list("points", flat=True).first())
    points = earned if earned is not None else earning.points_for_order(snapshot, program)
    register = program.journey.register_page_url or host.absolute_url("/")
    return ({"order_number": snapshot.order_number,
             "order_total": format_money(snapshot.total, snapshot.currency),
             "points": points or "", "is_guest": recipient.user is None,
             "register_url": register}, None)


def survey_url(program, channel: str, order_id: str) -> str:
    base = program.journey.survey_page_url or host.absolute_url(
        host.plugin_url(channel, "survey/"))
    return "%s%stoken=%s" % (base, "&" if "?" in base else "?", survey_token(order_id))


def _follow_up(snapshot, recipient, channel, program, now):
    return ({"order_number": snapshot.order_number,
             "survey_url": survey_url(program, channel, snapshot.order_id),
             "survey_bonus_points": program.journey.survey_bonus_points or ""}, None)


def _next_purchase(snapshot, recipient, channel, program, now):
    def prepare():
        reward = issue_offer(user=recipient.user, channel=channel, order_id=snapshot.order_id,
                             journey=program.journey, now=now)
        return {"code": reward.voucher_code, "percent": plain_number(reward.percent),
                "valid_until": reward.valid_until.strftime("%Y-%m-%d")}

    return {"order_number": snapshot.order_number}, prepare


STEP_CONTEXT = {catalogue.THANK_YOU.key: _thank_you, catalogue.FOLLOW_UP.key: _follow_up,
                catalogue.NEXT_PURCHASE.key: _next_purchase}


# Tier notices ------------------------------------------------------------------

def _tier_notices(channel, program, now, dry_run, report) -> None:
    ladder = program.tiers
    upgrades = (LoyaltyTierChange.objects
                .filter(account__channel=channel, created_at__gte=now - core.LATEST,
                        created_at__lte=now).exclude(to_slug="")
                .select_related("account__user").order_by("pk"))
    for change in _rows(upgrades):
        if rank(ladder, change.to_slug) <= rank(ladder, change.from_slug):
            continue
        tier = tier_by_slug(ladder, change.to_slug)
        _account_notice(catalogue.TIER_UPGRADE, change.account, "tier_change:%s" % change.pk,
                        {"tier_name": tier.name if tier else change.to_slug},
                        channel, program, now, dry_run, report)
    graced = (LoyaltyAccount.objects
              .filter(channel=channel, tier_grace_until__gt=now,
                      tier_grace_until__lte=now + program.journey.demotion_notice)
              .exclude(tier_slug="").select_related("user").order_by("pk"))
    for account in _rows(graced):
        tier = tier_by_slug(ladder, account.tier_slug)
        _account_notice(catalogue.TIER_DEMOTION, account,
                        "grace:%s:%s" % (account.pk, account.tier_grace_until.date().isoformat()),
                        {"tier_name": tier.name if tier else account.tier_slug,
                         "grace_until": account.tier_grace_until.strftime("%Y-%m-%d")},
                        channel, program, now, dry_run, report)


def _expiry_reminders(channel, program, now, dry_run, report) -> None:
    """Members whose points lapse within the notice: one reminder per member and lapse date."""
    from ..expiry.selectors import members_with_points_expiring, next_expiring_points

    due = members_with_points_expiring(channel=channel, rule=program.expiry, now=now,
                                       within_days=program.journey.expiry_reminder_notice.days)
    for start in range(0, len(due), CHUNK_SIZE):
        ids = [member.account_id for member in due[start:start + CHUNK_SIZE]]
        for account in LoyaltyAccount.objects.filter(pk__in=ids).select_related("user"):
            lapsing = next_expiring_points(account, program.expiry, now)
            if lapsing is None:
                continue
            points, when = lapsing
            _account_notice(catalogue.EXPIRY_REMINDER, account,
                            "expiry:%s:%s" % (account.pk, when.date().isoformat()),
                            {"points": str(points),
                             "expires_at": when.strftime("%Y-%m-%d")},
                            channel, program, now, dry_run, report)


def _rows(queryset):
    """Every row, read CHUNK_SIZE at a time (keyset on pk)."""
    after = 0
    while True:
        chunk = list(queryset.filter(pk__gt=after)[:CHUNK_SIZE])
        if not chunk:
            return
        after = chunk[-1].pk
        yield from chunk


def _account_notice(message, account, reference, context, channel, program, now, dry_run,
                    report) -> None:
    if account.user is None:
        return
    recipient = delivery.Recipient(email=account.user.email, user=account.user,
                                   first_name=account.user.first_name or "")
    if dry_run:
        if (not delivery.opt_outs.blocks(recipient.email, message.category)
                and not delivery.already_logged(channel=channel, message=message.key,
                                                references=[reference])):
            report.add(message.key, channel, recipient.email, reference)
        return
    if delivery.send(message=message, channel=channel, recipient=recipient, reference=reference,
                     context=context, program=program, now=now) is not None:
        report.add(message.key, channel, recipient.email, reference)

