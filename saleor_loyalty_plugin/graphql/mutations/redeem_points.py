import graphene
from django.utils import timezone
from graphql_relay import from_global_id

from ...core.errors import LoyaltyError, LoyaltyErrorCode
from ...redemption.services import checkout_cancel_redemption, checkout_redeem_points
from ..context import request_user
from ..types import LoyaltyAccount
from ..redemption_types import LoyaltyRedemption
from .base import LoyaltyMutation, channel_or_error

MAX_POINTS = 1_000_000_000


def checkout_token_from(checkout_id: str) -> str:
    try:
        type_name, token = from_global_id(checkout_id)
    except Exception:  # not base64 / not a global ID
        type_name, token = None, None
    if type_name != "Checkout" or not token:
        raise LoyaltyError("Not a checkout ID.", code=LoyaltyErrorCode.INVALID, field="checkoutId")
    return token


def signed_in_customer(info):
    user = request_user(info)
    if user is None:
        raise LoyaltyError("Sign in to pay with points.", code=LoyaltyErrorCode.PERMISSION_DENIED)
    return user


class LoyaltyRedeemPoints(LoyaltyMutation):
    """Pay part of the signed-in customer's checkout with points.

    The points become a gift card on the checkout (it combines with a tier
    voucher); they are held until the order is placed and come back if the
    checkout is abandoned, the redemption cancelled or the order cancelled.
    Redeeming again on the same checkout replaces the earlier redemption.
    """

    account = graphene.Field(LoyaltyAccount)
    redemption = graphene.Field(LoyaltyRedemption)

    class Arguments:
        checkout_id = graphene.ID(required=True)
        points = graphene.Int(required=True)
        channel = graphene.String(description="Channel slug (Saleor 3).")

    @classmethod
    def perform(cls, root, info, checkout_id, points, channel=None):
        user = signed_in_customer(info)
        token = checkout_token_from(checkout_id)
        if not 0 < points <= MAX_POINTS:
            raise LoyaltyError("Redeem a positive number of points.",
                               code=LoyaltyErrorCode.INVALID, field="points")
        # the checkout's own channel pays; a channel argument may only confirm it
        account, redemption = checkout_redeem_points(
            user=user, checkout_token=token, points=points,
            channel=channel_or_error(info, channel) if channel else None, now=timezone.now(),
        )
        return cls(account=account, redemption=redemption, errors=[])


class LoyaltyCancelRedemption(LoyaltyMutation):
    """Give back the points redeemed on a checkout before the order is placed."""

    account = graphene.Field(LoyaltyAccount)

    class Arguments:
        checkout_id = graphene.ID(required=True)

    @classmethod
    def perform(cls, root, info, checkout_id):
        user = signed_in_customer(info)
        account = checkout_cancel_redemption(
            user=user, checkout_token=checkout_token_from(checkout_id), now=timezone.now()
        )
        return cls(account=account, errors=[])
