import graphene

from ...ledger.adjustments import account_adjust_points
from ...core.errors import LoyaltyError, LoyaltyErrorCode
from ..types import LoyaltyAccount, LoyaltyTransaction
from .base import LoyaltyMutation

MAX_ADJUSTMENT = 10_000_000
MAX_REASON_LENGTH = 1000


class LoyaltyAdjustPoints(LoyaltyMutation):
    """Give or take points by hand (goodwill, corrections); needs MANAGE_USERS."""

    account = graphene.Field(LoyaltyAccount)
    transaction = graphene.Field(LoyaltyTransaction)

    requires_manage_users = True

    class Arguments:
        email = graphene.String(required=True, description="The customer's e-mail.")
        points = graphene.Int(
            required=True, description="Positive to give, negative to take away."
        )
        reason = graphene.String(
            required=True, description="Why; kept in the ledger and shown to the customer."
        )
        channel = graphene.String(description="Channel slug (Saleor 3).")
        idempotency_key = graphene.String(
            description="Send the same key when retrying; the adjustment is applied once."
        )

    @classmethod
    def perform(cls, root, info, email, points, reason, channel=None, idempotency_key=None):
        if abs(points) > MAX_ADJUSTMENT:
            raise LoyaltyError(
                "At most %d points can be adjusted at once." % MAX_ADJUSTMENT,
                code=LoyaltyErrorCode.INVALID,
                field="points",
            )
        if len(reason) > MAX_REASON_LENGTH:
            raise LoyaltyError(
                "The reason can be at most %d characters." % MAX_REASON_LENGTH,
                code=LoyaltyErrorCode.INVALID,
                field="reason",
            )
        if idempotency_key is not None and not 0 < len(idempotency_key) <= 100:
            raise LoyaltyError(
                "The idempotency key must be 1 to 100 characters.",
                code=LoyaltyErrorCode.INVALID,
                field="idempotencyKey",
            )
        channel = channel or getattr(info.context, "loyalty_default_channel", None)
        account, row = account_adjust_points(
            email=email,
            channel=channel,
            points=points,
            reason=reason,
            actor_email=info.context.user.email,
            idempotency_key=idempotency_key,
        )
        return cls(account=account, transaction=row, errors=[])
