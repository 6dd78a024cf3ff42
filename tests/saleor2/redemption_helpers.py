"""What the Saleor 2.10 redemption tests share (test_redemption_rules, _card and _returns,
and test_storefront_api): the checkout query and the Gold ladder, the redemption documents
and rules (from tests/redemption_documents.py, both hosts'), a second open checkout of the
same customer, and the calls that redeem points and read a checkout's total. The
member_with_points fixture (800 points) is in conftest.py."""
from decimal import Decimal

from tests.redemption_documents import CANCEL, REDEEM, REDEEM_RULES  # noqa: F401

CHECKOUT = """
query Checkout($token: UUID!) {
  checkout(token: $token) { totalPrice { gross { amount } } giftCards { code } }
}"""
GOLD = [{"name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
         "discount_percent": 10, "discount_min_order": 200}]


def another_checkout(storefront, shop, customer):
    """A second open checkout of the same customer.

    Saleor 2.10's checkoutCreate hands a signed-in customer back their open
    checkout, so the second one starts as a guest checkout and is then given
    to the customer (as a storefront that merges carts on sign-in would).
    """
    from saleor.account.models import User
    from saleor.checkout.models import Checkout

    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)],
                                         email=customer.email)
    Checkout.objects.filter(token=checkout["token"]).update(
        user=User.objects.get(email=customer.email))
    return checkout


def redeem(graphql, token, checkout_id, points):
    return graphql.execute(REDEEM, {"checkoutId": checkout_id, "points": points}, token)[
        "loyaltyRedeemPoints"]


def total_of(graphql, checkout, token):
    data = graphql.execute(CHECKOUT, {"token": checkout["token"]}, token)["checkout"]
    return Decimal(str(data["totalPrice"]["gross"]["amount"]))
