"""The storefront API on Saleor 2.10, through its merged /graphql/: checkoutLoyalty against
the award and loyaltyRedeemPoints, the published program, history pages that stay put,
the staff account listing, and the widget module served beside the API."""
import json
from decimal import Decimal

import pytest
from django.test import Client

from .queries import ADJUST
from .redemption_helpers import GOLD, REDEEM_RULES, redeem, total_of

pytestmark = pytest.mark.django_db(transaction=True)

CHECKOUT_LOYALTY = """
query CheckoutLoyalty($id: ID!) {
  checkoutLoyalty(checkoutId: $id) {
    channel hasCustomer pointsToEarn pointsBalance maxRedeemablePoints
    totalPrice { amount currency } maxRedeemableValue { amount currency }
    redemption { points amountMoney { amount currency } }
    reward { kind label discount { amount currency } }
  }
}"""
PROGRAM = """
query { loyaltyProgram { currency channel maxDiscountPercent
  redemption { enabled pointsPerCurrencyUnit minPoints step maxOrderPercent }
  membership { sku price { amount currency } tier { name } months }
  tiers { name thresholdMoney { amount currency } } } }"""
HISTORY = """
query History($after: String, $filter: LoyaltyTransactionFilterInput) {
  myLoyalty { transactions(first: 2, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { kind reason } } } }
}"""
ACCOUNTS = """
query Accounts($filter: LoyaltyAccountFilterInput) {
  loyaltyAccounts(first: 10, filter: $filter, sortBy: {field: POINTS_BALANCE, direction: DESC}) {
    totalCount edges { node { email pointsBalance } }
  }
}"""
SET_GOLD = """mutation { loyaltySetTier(email: "%s", tier: "gold", reason: "VIP") { errors { field } } }"""


def test_checkout_loyalty_is_what_the_order_earns_and_what_redemption_accepts(
    storefront, graphql, shop, member_with_points, staff_token
):
    # given: Gold (10% off over $200), 800 points; two $108 jackets and $20 shipping
    token = member_with_points.token
    graphql.execute(SET_GOLD % member_with_points.email, token=staff_token)
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    storefront.choose_shipping(checkout["id"], shop.shipping_method, token=token)

    # when
    before = graphql.execute(CHECKOUT_LOYALTY, {"id": checkout["id"]}, token)["checkoutLoyalty"]

    # then: $216 - $21.60 + $20 = $214.40 to pay, of which $194.40 earns
    assert before["totalPrice"] == {"amount": 214.4, "currency": "USD"}
    assert Decimal(str(before["totalPrice"]["amount"])) == total_of(graphql, checkout, token)
    assert (before["pointsToEarn"], before["pointsBalance"], before["maxRedeemablePoints"]) == (
        194, 800, 800)
    assert before["maxRedeemableValue"] == {"amount": 8.0, "currency": "USD"}
    assert before["reward"] == {"kind": "TIER_DISCOUNT", "label": "Gold: 10% off on orders over 200",
                                "discount": {"amount": 21.6, "currency": "USD"}}
    assert before["channel"] is None and before["hasCustomer"] is True

    # when: the most points pay, then the order is paid and placed
    assert redeem(graphql, token, checkout["id"], before["maxRedeemablePoints"])["errors"] == []
    after = graphql.execute(CHECKOUT_LOYALTY, {"id": checkout["id"]}, token)["checkoutLoyalty"]
    storefront.pay_and_complete(checkout["id"], after["totalPrice"]["amount"], token=token)

    # then: it earned exactly the preview
    assert after["redemption"] == {"points": 800, "amountMoney": {"amount": 8.0, "currency": "USD"}}
    assert after["totalPrice"]["amount"] == 206.4 and after["pointsToEarn"] == 186
    pending = graphql.execute("{ myLoyalty { pendingPoints } }", token=token)["myLoyalty"]
    assert pending["pendingPoints"] == after["pointsToEarn"]


def test_the_program_publishes_its_rules_and_money(graphql, shop, enable_loyalty):
    # given
    enable_loyalty(tiers=json.dumps(GOLD), vip_membership_sku="VIP-ANNUAL",
                   vip_membership_tier="gold", **REDEEM_RULES)

    # when
    program = graphql.execute(PROGRAM)["loyaltyProgram"]

    # then
    assert (program["currency"], program["channel"], program["maxDiscountPercent"]) == (
        "USD", None, 100.0)
    assert program["redemption"] == {"enabled": True, "pointsPerCurrencyUnit": 100.0,
                                     "minPoints": 100, "step": 100, "maxOrderPercent": 50.0}
    assert program["membership"] == {"sku": "VIP-ANNUAL", "months": 12, "tier": {"name": "Gold"},
                                     "price": {"amount": 49.0, "currency": "USD"}}
    assert program["tiers"] == [{"name": "Gold", "thresholdMoney": None}]


def test_history_pages_stay_put_and_filter(graphql, enable_loyalty, customer, staff_token):
    # given
    enable_loyalty()

    def give(reason):
        graphql.execute(ADJUST, {"email": customer.email, "points": 5, "reason": reason},
                        staff_token)

    for reason in ("one", "two", "three"):
        give(reason)
    first = graphql.execute(HISTORY, token=customer.token)["myLoyalty"]["transactions"]

    # when: a row arrives before the next page
    give("four")
    second = graphql.execute(HISTORY, {"after": first["pageInfo"]["endCursor"]},
                             customer.token)["myLoyalty"]["transactions"]
    earned = graphql.execute(HISTORY, {"filter": {"kinds": ["EARN"]}},
                             customer.token)["myLoyalty"]["transactions"]

    # then
    reasons = [e["node"]["reason"] for e in first["edges"] + second["edges"]]
    assert reasons == ["three", "two", "one"]
    assert second["pageInfo"]["hasNextPage"] is False and second["totalCount"] == 4
    assert earned["edges"] == [] and earned["totalCount"] == 0


def test_staff_list_and_search_accounts(graphql, enable_loyalty, customer, staff_token,
                                        limited_staff_token):
    # given
    enable_loyalty()
    graphql.execute(ADJUST, {"email": customer.email, "points": 70, "reason": "Goodwill"},
                    staff_token)
    graphql.execute(ADJUST, {"email": "staff@example.com", "points": 90, "reason": "Goodwill"},
                    staff_token)

    # when
    everyone = graphql.execute(ACCOUNTS, token=staff_token)["loyaltyAccounts"]
    searched = graphql.execute(ACCOUNTS, {"filter": {"search": "shopper"}},
                               staff_token)["loyaltyAccounts"]
    _, refused = graphql.raw(ACCOUNTS, token=limited_staff_token)

    # then
    assert [e["node"] for e in everyone["edges"]] == [
        {"email": "staff@example.com", "pointsBalance": 90},
        {"email": customer.email, "pointsBalance": 70}]
    assert [e["node"]["email"] for e in searched["edges"]] == [customer.email]
    assert refused["data"]["loyaltyAccounts"] is None
    assert "MANAGE_USERS" in refused["errors"][0]["message"]


def test_the_widget_module_is_served_beside_the_api(site_settings):
    # when
    response = Client().get("/loyalty/loyalty-widget.js")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert b'customElements.define("loyalty-widget"' in response.content
