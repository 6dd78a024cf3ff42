"""GraphQL types for what a member can use: rewards and punch cards."""
import graphene

from ..core import rewards as core_rewards
from .money_types import LoyaltyMoney


PUNCH_CARD = "punch_card"
NEXT_PURCHASE = "next_purchase"  # the journey's personal offer (journey/offers.py)
LoyaltyRewardKind = graphene.Enum(
    "LoyaltyRewardKind",
    [(kind.upper(), kind) for kind in core_rewards.KINDS]
    + [(PUNCH_CARD.upper(), PUNCH_CARD), (NEXT_PURCHASE.upper(), NEXT_PURCHASE)],
)


class LoyaltyAvailableReward(graphene.ObjectType):
    """A discount the customer can get now; applied to their checkout automatically."""

    code = graphene.String(description=(
        "The member's own voucher code; null until first issued, and for the store-wide "
        "threshold discount where Saleor applies it by itself (a Saleor 3 promotion)."))
    kind = LoyaltyRewardKind(required=True)
    value = graphene.Float(required=True, description="Percent off (of shipping for FREE_SHIPPING).")
    min_spent = graphene.Float(required=True, description="Order subtotal the reward needs.")
    min_spent_money = graphene.Field(LoyaltyMoney, description="minSpent with its currency.")
    expires_at = graphene.DateTime(description=(
        "When this code stops working; renewed while the customer stays entitled. Null "
        "for rewards not issued as a code yet."))
    label = graphene.String(required=True)


class LoyaltyPunchCard(graphene.ObjectType):
    """A "buy N, get one free" card and how far along the customer is."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    goal = graphene.Int(required=True, description="Units to buy for one free unit.")
    progress = graphene.Int(required=True, description="Units bought towards the next free one.")
    free_unit_codes = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="The customer's unused free-unit voucher codes for this card.",
    )
