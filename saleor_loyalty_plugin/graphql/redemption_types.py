"""GraphQL types for paying with points."""
import graphene

from .money_types import LoyaltyMoney, money


LoyaltyRedemptionState = graphene.Enum(
    "LoyaltyRedemptionState", [("HELD", "held"), ("SPENT", "spent"), ("RETURNED", "returned")]
)


class LoyaltyRedemption(graphene.ObjectType):
    """Points paying for a checkout, as a gift card Saleor applies to it."""

    points = graphene.Int(required=True)
    points_returned = graphene.Int(required=True)
    amount = graphene.Float(required=True, description="Money off the checkout.")
    currency = graphene.String(required=True)
    state = LoyaltyRedemptionState(required=True)
    created_at = graphene.DateTime(required=True)
    amount_money = graphene.Field(LoyaltyMoney, required=True,
                                  description="amount with its currency.")

    def resolve_amount(root, info):
        return float(root.amount)

    def resolve_amount_money(root, info):
        return money(root.amount, root.currency)
