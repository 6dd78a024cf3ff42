"""GraphQL types for paying with points."""
import graphene


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

    def resolve_amount(root, info):
        return float(root.amount)
