"""Staff adjustments: a person gives or takes points, with a reason the customer sees."""
import uuid
from typing import Optional

from django.utils import timezone

from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..hosts import host
from ..program.selectors import channel_or_error
from . import services as ledger
from .models import LoyaltyTransaction


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
    user = host.get_user_by_email(email or "")
    if user is None:
        raise LoyaltyError(
            "No customer with e-mail %r." % email, code=LoyaltyErrorCode.NOT_FOUND, field="email"
        )
    account = ledger.get_or_create_account(user=user, channel=channel_slug)
    key = adjustment_key(account_id=account.pk, idempotency_key=idempotency_key)
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


def adjustment_key(*, account_id: int, idempotency_key: Optional[str]) -> str:
    """The ledger key of a staff adjustment, scoped to the customer's account.

    Staff pick keys per support case ("ticket-123") and may reuse one for
    another customer; a global key would hand back the first customer's
    transaction, so the same key applies once per account, not once per shop.
    """
    return "adjust:%s:%s" % (account_id, idempotency_key or uuid.uuid4())
