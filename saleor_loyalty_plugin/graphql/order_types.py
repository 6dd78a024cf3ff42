"""GraphQL types for an order's points: how many, and why not yet."""
import graphene
from graphql_relay import to_global_id

from ..core import order_points as core

LoyaltyOrderPointsState = graphene.Enum(
    "LoyaltyOrderPointsState", [(state.upper(), state) for state in core.STATES],
    description="Where an order stands with its points.",
)


class LoyaltyOrderPoints(graphene.ObjectType):
    """One of the customer's orders and its points; ``message`` says why none yet."""

    order_id = graphene.ID(required=True, description="Saleor's global ID of the order.")
    order_number = graphene.String(required=True)
    state = LoyaltyOrderPointsState(required=True)
    points = graphene.Int(
        required=True, description="Points held for the order (expected while PROCESSING).")
    available_at = graphene.DateTime(description="When PENDING points become spendable.")
    message = graphene.String(required=True, description="The state in a sentence, for people.")

    def resolve_order_id(root, info):
        return to_global_id("Order", root[0].order_id)

    def resolve_order_number(root, info):
        return root[0].order_number

    def resolve_state(root, info):
        return root[1].state

    def resolve_points(root, info):
        return root[1].points

    def resolve_available_at(root, info):
        return root[1].available_at

    def resolve_message(root, info):
        return root[1].message
