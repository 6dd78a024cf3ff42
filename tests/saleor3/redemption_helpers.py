"""What the Saleor 3 redemption tests share (test_redemption_rules, _card and _returns,
and the checkout, currency, dashboard and expiry tests that redeem or give points): the
staff and member documents and the Gold ladder, the redemption documents and rules (from
tests/redemption_documents.py, both hosts'), and the calls that give points, redeem them
and read the balance. The member_with_points fixture (800 points) is in conftest.py."""
from tests.redemption_documents import CANCEL, REDEEM, REDEEM_RULES  # noqa: F401

from . import flows

ADJUST = """
mutation Adjust($email: String!, $points: Int!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Welcome") {
    account { pointsBalance } errors { field code message }
  }
}"""
SET_GOLD = """
mutation Gold($email: String!) {
  loyaltySetTier(email: $email, tier: "gold", reason: "VIP") { errors { field code message } }
}"""
MY_LOYALTY = """
query { myLoyalty { pointsBalance pendingPoints
  transactions(first: 10) { edges { node { kind points } } } } }"""
GOLD = [{"name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
         "discount_percent": 10, "discount_min_order": 50}]


def give_points(users_staff, customer, points):
    """Staff give points through Saleor's /graphql/ (merged loyalty fields)."""
    payload = flows.mutate(users_staff, ADJUST, {"email": customer.email, "points": points})
    return payload["account"]["pointsBalance"]


def redeem(loyalty_route, user, checkout_id, points):
    _, body = loyalty_route.post(REDEEM, {"checkoutId": checkout_id, "points": points}, user=user)
    return body["data"]["loyaltyRedeemPoints"]


def my_loyalty(loyalty_route, user):
    return flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]
