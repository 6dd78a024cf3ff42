"""Tier services: measure a customer against the ladder, record every change.

A customer's tier is re-evaluated whenever the ledger moves for them (an
award or a clawback), nightly by Celery beat (windows roll, grace periods end,
the merchant edits the ladder), and when staff assign one.  Changes are kept in
``LoyaltyTierChange``: when, from, to, and why.
"""
from datetime import datetime
from typing import List, Optional

from django.db import transaction

from ..core import tiers as core
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..core.program import ProgramSettings
from ..ledger.models import LoyaltyAccount
from ..ledger.services import release_all_matured
from ..hosts import host
from ..rewards.lifecycle import account_tier_changed
from .batch import reevaluate_accounts, reevaluate_channel_tiers


@transaction.atomic
def account_reevaluate_tier(
    *, account_id: int, settings: ProgramSettings, now: datetime,
    why: Optional[str] = None, actor_email: str = "",
) -> LoyaltyAccount:
    """Apply the ladder to the account (under its row lock) and log any change.

    The nightly pass's own statement for one account, so an order sync, a
    staff assignment and the night can never disagree about a tier.
    """
    channel = LoyaltyAccount.objects.filter(pk=account_id).values_list("channel", flat=True).get()
    reevaluate_accounts(account_ids=[account_id], settings=settings, channel=channel, now=now,
                        why=why, actor_email=actor_email)
    return LoyaltyAccount.objects.get(pk=account_id)


def account_assign_tier(
    *, account: LoyaltyAccount, settings: ProgramSettings, tier_slug: Optional[str],
    reason: str, until: Optional[datetime], actor_email: str, now: datetime,
) -> LoyaltyAccount:
    """Staff hold a customer at (at least) a tier, until a date or until cleared."""
    reason = (reason or "").strip()
    if not reason:
        raise LoyaltyError("Give a reason; it is kept in the tier history.",
                           code=LoyaltyErrorCode.REQUIRED, field="reason")
    if tier_slug and core.tier_by_slug(settings.tiers, tier_slug) is None:
        raise LoyaltyError(
            "No tier %r; this channel's tiers are: %s."
            % (tier_slug, ", ".join(t.slug for t in settings.tiers) or "none"),
            code=LoyaltyErrorCode.NOT_FOUND, field="tier",
        )
    if until is not None and until <= now:
        raise LoyaltyError("'until' must be in the future.", code=LoyaltyErrorCode.INVALID,
                           field="until")
    with transaction.atomic():
        locked = LoyaltyAccount.objects.select_for_update().get(pk=account.pk)
        locked.tier_floor_slug = tier_slug or ""
        locked.tier_floor_until = until if tier_slug else None
        locked.save(update_fields=["tier_floor_slug", "tier_floor_until", "updated_at"])
        return account_reevaluate_tier(
            account_id=account.pk, settings=settings, now=now,
            why="Set by staff: %s" % reason, actor_email=actor_email,
        )


def reevaluate_released_tiers(*, account_ids, now: datetime, settings_for) -> List[int]:
    """Points matured: the orders now count toward tiers; the accounts whose tier moved."""
    changed = []
    by_channel = {}
    for pk, channel in LoyaltyAccount.objects.filter(pk__in=list(account_ids)).values_list(
            "pk", "channel"):
        by_channel.setdefault(channel, []).append(pk)
    for channel, ids in by_channel.items():
        settings = settings_for(channel)
        if settings is not None and settings.tiers:
            changes = reevaluate_accounts(account_ids=ids, settings=settings, channel=channel,
                                          now=now)
            for account_id, _, _ in changes:
                account_tier_changed(account_id=account_id, settings=settings)
            changed += [account_id for account_id, _, _ in changes]
    return changed


def release_matured_points(*, now: datetime, settings_for) -> int:
    """Pending points whose return window closed become available, and their orders
    start to count toward tiers (in the same transaction, chunk by chunk)."""
    programs = {}

    def program(channel):
        if channel not in programs:
            programs[channel] = settings_for(channel)
        return programs[channel]

    def tiers_follow(account_ids):
        reevaluate_released_tiers(account_ids=account_ids, now=now, settings_for=program)

    return release_all_matured(now=now, on_released=tiers_follow)


def reevaluate_all_tiers(*, now: datetime, settings_for, channels=None) -> int:
    """Nightly pass over every account, set-based per channel; returns how many tiers changed.

    Channels come from the host (a handful), not from a scan of the accounts;
    a channel whose program is off or invalid is left as it is.
    """
    changed = 0
    for channel in host.channel_slugs() if channels is None else channels:
        settings = settings_for(channel)
        if settings is not None:
            changed += reevaluate_channel_tiers(channel=channel, settings=settings, now=now)
    return changed
