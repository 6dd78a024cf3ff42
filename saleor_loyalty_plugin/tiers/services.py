"""Tier services: measure a customer against the ladder, record every change.

A customer's tier is re-evaluated whenever the ledger moves for them (an
award or a clawback), nightly by Celery beat (windows roll, grace periods end,
the merchant edits the ladder), and when staff assign one.  Changes are kept in
``LoyaltyTierChange``: when, from, to, and why.
"""
from datetime import datetime
from typing import Optional

from django.db import transaction

from ..core import tiers as core
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..core.program import ProgramSettings
from ..ledger.models import LoyaltyAccount
from ..memberships.selectors import active_membership_tiers
from ..hosts import host
from .batch import reevaluate_channel_tiers
from .models import LoyaltyTierChange
from .selectors import tier_metrics


def _staff_floor(account: LoyaltyAccount, now: datetime) -> str:
    if account.tier_floor_until is not None and account.tier_floor_until <= now:
        return ""
    return account.tier_floor_slug


def _held_tier(account: LoyaltyAccount, ladder, now: datetime) -> str:
    """The highest tier held regardless of activity: staff assignment or paid membership."""
    held = [_staff_floor(account, now)] + active_membership_tiers(account, now)
    return max(held, key=lambda slug: core.rank(ladder, slug))


@transaction.atomic
def account_reevaluate_tier(
    *, account_id: int, settings: ProgramSettings, now: datetime,
    why: Optional[str] = None, actor_email: str = "",
) -> LoyaltyAccount:
    """Apply the ladder to the account (under its row lock) and log any change."""
    account = LoyaltyAccount.objects.select_for_update().get(pk=account_id)
    ladder = settings.tiers
    window = ladder[0].window if ladder else core.WINDOW_LIFETIME
    qualified = core.qualifying_tier(ladder, tier_metrics(account, window, now))
    decision = core.decide_tier(
        ladder,
        current_slug=account.tier_slug if core.tier_by_slug(ladder, account.tier_slug) else "",
        qualified_slug=qualified.slug if qualified else "",
        floor_slug=_held_tier(account, ladder, now),
        grace_until=account.tier_grace_until,
        now=now,
    )
    if decision.slug != account.tier_slug:
        LoyaltyTierChange.objects.create(
            account=account, from_slug=account.tier_slug, to_slug=decision.slug,
            reason=why or decision.reason, created_by_email=actor_email, created_at=now,
        )
    if not _staff_floor(account, now):
        account.tier_floor_slug, account.tier_floor_until = "", None
    account.tier_slug, account.tier_grace_until = decision.slug, decision.grace_until
    account.save(update_fields=[
        "tier_slug", "tier_grace_until", "tier_floor_slug", "tier_floor_until", "updated_at",
    ])
    return account


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


def reevaluate_all_tiers(*, now: datetime, settings_for, channels=None) -> int:
    """Nightly pass over every account, set-based per channel; returns how many tiers changed.

    Channels come from the host (a handful), not from a scan of the accounts;
    a channel whose program is off or invalid is left as it is.
    """
    changed = 0
    for channel in host.channel_slugs() if channels is None else channels:
        settings = settings_for(channel)
        if settings is not None:
            changed += len(reevaluate_channel_tiers(channel=channel, settings=settings, now=now))
    return changed
