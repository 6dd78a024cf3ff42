"""The loyalty API's redemption documents and rules, the same on both hosts (the
redemption tests of tests/saleor2 and tests/saleor3 import them from here)."""

REDEEM = """
mutation Redeem($checkoutId: ID!, $points: Int!) {
  loyaltyRedeemPoints(checkoutId: $checkoutId, points: $points) {
    account { pointsBalance }
    redemption { points amount currency state }
    errors { field code message }
  }
}"""
CANCEL = """
mutation Cancel($checkoutId: ID!) {
  loyaltyCancelRedemption(checkoutId: $checkoutId) {
    account { pointsBalance } errors { field code message }
  }
}"""
# 100 points pay $1, at least 100 and in steps of 100, for at most half the order.
REDEEM_RULES = {"redeem_points_per_currency_unit": "100", "redeem_min_points": "100",
                "redeem_step": "100", "redeem_max_order_percent": "50"}
