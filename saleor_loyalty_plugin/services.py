"""Use cases: read a Saleor order, ask the core, write through the ledger.

``order_sync_points`` is the single entry point for every order event: it
converges everything the order drives (points paid on its checkout, a paid
membership, punch cards, the award, refund and cancellation clawbacks, and
then the customer's tier) to what the order's current state deserves, so
running it twice, late, or out of order changes nothing.
"""
import logging
import uuid
from dataclasses import replace
from datetime import timedelta
from typing import Optional

from django.utils import timezone

from . import compat, ledger, memberships, punches, redemptions, selectors, tiering
from .core import earning
from .core.balances import KIND_EARN
from .core.errors import LoyaltyError, LoyaltyErrorCode
from .core.program import ProgramSettings
from .models import LoyaltyTransaction
from .snapshots import order_snapshot

logger = logging.getLogger(__name__)


def channel_or_error(channel: Optional[str]) -> str:
    """The channel to act in, or a LoyaltyError naming the missing channel."""
    slug = compat.normalize_channel(channel)
    if slug is None:
        raise LoyaltyError(
            "Channel %r does not exist." % channel
            if channel
            else "This shop has several channels; say which one.",
            code=LoyaltyErrorCode.CHANNEL_NOT_FOUND,
            field="channel",
        )
    return slug


def program_settings_for(channel: str) -> Optional[ProgramSettings]:
    """The channel's settings, or None when the plugin is off or misconfigured."""
    program = selectors.program_for(channel)
    if program is None:
        logger.error("Loyalty configuration for channel %r is invalid", channel)
        return None
    active, settings = program
    return settings if active else None


def _award(snapshot, settings, *, customer, now) -> Optional[LoyaltyTransaction]:
    account = ledger.get_or_create_account(user=customer, channel=snapshot.channel)
    multiplier = tiering.earn_multiplier(account, settings)
    points = earning.points_for_order(snapshot, settings, multiplier)
    if points <= 0:
        return None
    return ledger.earn(
        account=account,
        points=points,
        key="order:%s:earn" % snapshot.order_id,
        order_id=snapshot.order_id,
        order_number=snapshot.order_number,
        amount=snapshot.captured,
        currency=snapshot.currency,
        available_at=now + timedelta(days=settings.pending_days),
        now=now,
        reason="Order #%s" % snapshot.order_number
        + (" (x%s tier bonus)" % multiplier.normalize() if multiplier != 1 else ""),
    )


def _claw_back(snapshot, earn_row, *, now) -> Optional[LoyaltyTransaction]:
    if snapshot.is_cancelled:
        return ledger.claw_back_order(
            earn_row=earn_row,
            target_total=earn_row.points,
            key="order:%s:cancel" % snapshot.order_id,
            amount=snapshot.captured,
            reason="Order #%s was cancelled" % snapshot.order_number,
            now=now,
        )
    target = earning.clawback_target(
        awarded_points=earn_row.points,
        paid_at_award=earn_row.amount or 0,
        refunded_total=snapshot.refunded,
    )
    if target <= 0:
        return None
    return ledger.claw_back_order(
        earn_row=earn_row,
        target_total=target,
        key="order:%s:refund:%s" % (snapshot.order_id, snapshot.refunded.normalize()),
        amount=snapshot.refunded,
        reason="Refund of %s %s on order #%s"
        % (snapshot.refunded, snapshot.currency, snapshot.order_number),
        now=now,
    )


def order_sync_points(*, order_id: str, customer=None, now=None) -> None:
    """Bring the order's points (and what it bought) in line with its payment and status.

    ``customer`` credits a guest order to an account created later with the
    same e-mail; otherwise the order's own customer earns.  Whenever the
    ledger or a membership moved, the customer's tier is re-evaluated.
    """
    order = compat.get_order(order_id)
    if order is None:
        return
    now = now or timezone.now()
    customer = customer or order.user
    settings = program_settings_for(compat.order_channel(order))
    snapshot = order_snapshot(order)
    if customer is not None:
        snapshot = replace(snapshot, customer_user_id=customer.pk)
    redemptions.order_settle_redemption(
        checkout_token=compat.order_checkout_token(order), snapshot=snapshot, now=now
    )
    changed = memberships.order_sync_membership(
        snapshot=snapshot, settings=settings, customer=customer, now=now
    )
    punches.order_sync_punches(snapshot=snapshot, settings=settings, customer=customer, now=now)
    earn_row = _earn_row_for(order_id)
    if earn_row is None and settings is not None and earning.is_award_due(snapshot, settings):
        awarded = _award(snapshot, settings, customer=customer, now=now)
        changed = changed or awarded is not None
        earn_row = awarded or _earn_row_for(order_id)  # None, or the winner's if we lost a race
    if earn_row is not None:
        changed = _claw_back(snapshot, earn_row, now=now) or changed
    if not changed or settings is None:
        return
    if earn_row is not None:
        account_id = earn_row.account_id
    elif customer is not None:
        account_id = ledger.get_or_create_account(user=customer, channel=snapshot.channel).pk
    else:
        return
    tiering.account_reevaluate_tier(account_id=account_id, settings=settings, now=now)


def _earn_row_for(order_id: str) -> Optional[LoyaltyTransaction]:
    return LoyaltyTransaction.objects.filter(order_id=str(order_id), kind=KIND_EARN).first()


def customer_credit_guest_orders(*, user_id, now=None) -> None:
    """Credit orders the customer placed as a guest before registering."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return
    for order_id in compat.guest_order_ids_for_email(user):
        order_sync_points(order_id=order_id, customer=user, now=now)


def reevaluate_tiers(*, now=None) -> int:
    """The nightly pass: windows roll, grace periods end, ladders change."""
    return tiering.reevaluate_all_tiers(
        now=now or timezone.now(), settings_for=program_settings_for
    )


def release_abandoned_redemptions(*, now=None) -> int:
    return redemptions.release_abandoned_redemptions(now=now or timezone.now())


def release_matured_points(*, now=None) -> int:
    """Release every account's pending points whose return window closed."""
    from .core.balances import STATUS_PENDING

    now = now or timezone.now()
    account_ids = (
        LoyaltyTransaction.objects.filter(status=STATUS_PENDING, available_at__lte=now)
        .values_list("account_id", flat=True)
        .distinct()
    )
    return sum(ledger.release_matured(account_id=pk, now=now) for pk in list(account_ids))


def account_adjust_points(
    *, email: str, channel: Optional[str], points: int, reason: str, actor_email: str,
    idempotency_key: Optional[str] = None, now=None
):
    """A staff adjustment; returns (account, transaction-or-None-if-duplicate)."""
    reason = (reason or "").strip()
    if not reason:
        raise LoyaltyError(
            "Give a reason; it is kept in the customer's history.",
            code=LoyaltyErrorCode.REQUIRED,
            field="reason",
        )
    if points == 0:
        raise LoyaltyError(
            "Points must be a positive or negative whole number, not 0.",
            code=LoyaltyErrorCode.INVALID,
            field="points",
        )
    channel_slug = channel_or_error(channel)
    user = compat.get_user_by_email(email or "")
    if user is None:
        raise LoyaltyError(
            "No customer with e-mail %r." % email, code=LoyaltyErrorCode.NOT_FOUND, field="email"
        )
    account = ledger.get_or_create_account(user=user, channel=channel_slug)
    key = "adjust:%s" % (idempotency_key or uuid.uuid4())
    row = ledger.adjust(
        account=account,
        points=points,
        reason=reason,
        key=key,
        actor_email=actor_email,
        now=now or timezone.now(),
    )
    account.refresh_from_db()
    if row is None:
        row = LoyaltyTransaction.objects.filter(idempotency_key=key).first()
    return account, row
