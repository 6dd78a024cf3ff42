"""The only writer of ledger rows and cached balances.

Every write locks the account row (SELECT ... FOR UPDATE), inserts its ledger
row and updates the cached balances in one DB transaction.  A write whose
idempotency key already exists is a logged no-op, and the unique index on the
key is the backstop if two writers race past the check.
"""
import logging
from datetime import datetime
from typing import Optional

from django.db import IntegrityError, transaction
from django.db.models import Sum

from ..core import balances as core
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from . import batch
from .models import LoyaltyAccount, LoyaltyTransaction

logger = logging.getLogger(__name__)


def get_or_create_account(*, user, channel: str) -> LoyaltyAccount:
    """Return the customer's account, creating it safely under concurrency."""
    account = LoyaltyAccount.objects.filter(user=user, channel=channel).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return LoyaltyAccount.objects.create(user=user, email=user.email, channel=channel)
    except IntegrityError:
        return LoyaltyAccount.objects.get(user=user, channel=channel)


def lock_account(account_id: int) -> LoyaltyAccount:
    """The account row, locked until the transaction ends (call inside one).

    Callers that also lock a points gift card lock the account first (the
    plugin's lock order is in ``redemption.services``).
    """
    return LoyaltyAccount.objects.select_for_update().get(pk=account_id)


_lock = lock_account


def _balances(account: LoyaltyAccount) -> core.Balances:
    return core.Balances(
        available=account.points_available,
        pending=account.points_pending,
        lifetime=account.points_lifetime,
    )


def _store_balances(account: LoyaltyAccount, balances: core.Balances) -> None:
    account.points_available = balances.available
    account.points_pending = balances.pending
    account.points_lifetime = balances.lifetime
    account.save(
        update_fields=["points_available", "points_pending", "points_lifetime", "updated_at"]
    )


def _append(account: LoyaltyAccount, **fields) -> Optional[LoyaltyTransaction]:
    """Insert one row and move the cached balances; None if the key exists."""
    key = fields["idempotency_key"]
    if LoyaltyTransaction.objects.filter(idempotency_key=key).exists():
        logger.info("Loyalty ledger: duplicate write %s ignored", key)
        return None
    try:
        with transaction.atomic():
            row = LoyaltyTransaction.objects.create(account=account, **fields)
    except IntegrityError:
        logger.info("Loyalty ledger: concurrent duplicate write %s ignored", key)
        return None
    balances = _balances(account).apply(kind=row.kind, status=row.status, points=row.points)
    _store_balances(account, balances)
    return row


@transaction.atomic
def earn(
    *,
    account: LoyaltyAccount,
    points: int,
    key: str,
    order_id: str,
    order_number: str,
    amount,
    currency: str,
    available_at: datetime,
    now: datetime,
    reason: str = "",
) -> Optional[LoyaltyTransaction]:
    account = _lock(account.pk)
    status = core.STATUS_AVAILABLE if available_at <= now else core.STATUS_PENDING
    return _append(
        account,
        kind=core.KIND_EARN,
        status=status,
        points=points,
        idempotency_key=key,
        order_id=order_id,
        order_number=order_number,
        amount=amount,
        currency=currency,
        reason=reason,
        created_at=now,
        available_at=available_at,
    )


def points_clawed_back(order_id: str) -> int:
    total = LoyaltyTransaction.objects.filter(
        order_id=order_id, kind=core.KIND_CLAWBACK
    ).aggregate(total=Sum("points"))["total"]
    return -(total or 0)


@transaction.atomic
def claw_back_order(
    *, earn_row: LoyaltyTransaction, target_total: int, key: str, amount, reason: str, now
) -> Optional[LoyaltyTransaction]:
    """Bring the points taken back for an order up to ``target_total``.

    The delta is computed under the account lock, so two refund hooks for the
    same order can never both take back the same points.  The clawback hits
    the bucket the earn is in: while the earn is pending, so is the clawback,
    and both become available together.
    """
    account = _lock(earn_row.account_id)
    earn_row.refresh_from_db(fields=["status"])
    delta = min(target_total, earn_row.points) - points_clawed_back(earn_row.order_id)
    if delta <= 0:
        return None
    return _append(
        account,
        kind=core.KIND_CLAWBACK,
        status=earn_row.status,
        points=-delta,
        idempotency_key=key,
        order_id=earn_row.order_id,
        order_number=earn_row.order_number,
        amount=amount,
        currency=earn_row.currency,
        reason=reason,
        created_at=now,
        available_at=earn_row.available_at,
    )


@transaction.atomic
def adjust(
    *, account: LoyaltyAccount, points: int, reason: str, key: str, actor_email: str, now
) -> Optional[LoyaltyTransaction]:
    """A staff correction; it may never take the available balance below zero."""
    account = _lock(account.pk)
    if account.points_available + points < 0:
        raise LoyaltyError(
            "The customer has %d points available; cannot take away %d."
            % (account.points_available, -points),
            code=LoyaltyErrorCode.INSUFFICIENT_POINTS,
            field="points",
        )
    return _append(
        account,
        kind=core.KIND_ADJUST,
        status=core.STATUS_AVAILABLE,
        points=points,
        idempotency_key=key,
        reason=reason,
        created_by_email=actor_email,
        created_at=now,
        available_at=now,
    )


@transaction.atomic
def grant_bonus(*, account: LoyaltyAccount, kind: str, points: int, key: str, reason: str,
                now, order_id: str = "", order_number: str = "") -> Optional[LoyaltyTransaction]:
    """Points given for something other than paying (signup, birthday, referral, a survey
    answered): available at once; None if the key was already paid."""
    if kind not in core.BONUS_KINDS:
        raise ValueError("Not a bonus kind: %r" % kind)
    account = _lock(account.pk)
    return _append(
        account, kind=kind, status=core.STATUS_AVAILABLE, points=points, idempotency_key=key,
        reason=reason, order_id=order_id, order_number=order_number, created_at=now,
        available_at=now,
    )


def release_matured(*, account_id: int, now: datetime) -> int:
    """Make pending rows whose return window has closed available.

    Returns the net points moved.  Safe to run any number of times; the same
    statement as the nightly job's, for one account.
    """
    return batch.release_due(now=now, after=account_id - 1, upto=account_id)


@transaction.atomic
def redeem(*, account: LoyaltyAccount, points: int, key: str, reason: str, now) -> LoyaltyTransaction:
    """Take points out of the available balance to pay for a checkout."""
    account = _lock(account.pk)
    if account.points_available < points:
        raise LoyaltyError(
            "You have %d points available." % account.points_available,
            code=LoyaltyErrorCode.INSUFFICIENT_POINTS,
            field="points",
        )
    row = _append(
        account, kind=core.KIND_REDEEM, status=core.STATUS_AVAILABLE, points=-points,
        idempotency_key=key, reason=reason, created_at=now, available_at=now,
    )
    if row is None:
        raise LoyaltyError("This redemption was already made.", code=LoyaltyErrorCode.INVALID,
                           field="points")
    return row


@transaction.atomic
def return_redeemed(
    *, account_id: int, points: int, key: str, reason: str, order_id: str = "", now
) -> Optional[LoyaltyTransaction]:
    """Give redeemed points back (abandoned checkout, cancelled or refunded order)."""
    account = _lock(account_id)
    return _append(
        account, kind=core.KIND_REDEEM_RETURN, status=core.STATUS_AVAILABLE, points=points,
        idempotency_key=key, reason=reason, order_id=order_id, created_at=now, available_at=now,
    )


def release_all_matured(*, now: datetime, on_released=None) -> int:
    """Release every account's pending points whose return window closed (set-based).

    ``on_released(account ids)`` is called per chunk, inside its transaction.
    """
    return batch.release_all_due(now=now, on_released=on_released)
