"""checkoutLoyalty on Saleor 3: what a checkout will earn, what points may pay on it and
what is on it, as the storefront asks through Saleor's /graphql/; then the order earns
exactly the previewed points and loyaltyRedeemPoints accepts exactly the previewed most."""
import json

import pytest
from graphql_relay import to_global_id

from tests.bad_text import assert_plain

from . import flows
from .flows import money
from .redemption_helpers import ADJUST, REDEEM, REDEEM_RULES, SET_GOLD

pytestmark = pytest.mark.django_db

CHECKOUT_LOYALTY = """
query CheckoutLoyalty($id: ID!) {
  checkoutLoyalty(checkoutId: $id) {
    checkoutId channel isActive hasCustomer pointsToEarn pointsBalance maxRedeemablePoints
    totalPrice { amount currency } maxRedeemableValue { amount currency }
    redemption { points state amountMoney { amount currency } }
    reward { code kind label discount { amount currency } }
  }
}"""
PENDING = "query { myLoyalty { pendingPoints pointsBalance } }"
GOLD = [{"name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
         "earn_multiplier": 1.5, "discount_percent": 10, "discount_min_order": 50}]


@pytest.fixture
def gold_member(enable_loyalty, users_staff, customer_user, merged_graphql, shop):
    """Gold (x1.5 points, 10% off over $50) with 800 points; 100 points pay $1."""
    enable_loyalty(tiers=json.dumps(GOLD), **REDEEM_RULES)
    flows.mutate(users_staff, ADJUST, {"email": customer_user.email, "points": 800})
    flows.mutate(users_staff, SET_GOLD, {"email": customer_user.email})
    return customer_user


def checkout_loyalty(client, checkout_id):
    return flows.gql(client, CHECKOUT_LOYALTY, {"id": checkout_id})["checkoutLoyalty"]


def test_the_preview_is_what_the_order_earns_and_what_redemption_accepts(
    gold_member, shop, user_api_client, payment_app
):
    # given: 8 x $10 with the Gold voucher ($8 off) and $10 shipping: $82 to pay
    started = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, started["id"])

    # when
    before = checkout_loyalty(user_api_client, started["id"])

    # then: $72 of goods earn x1.5; half of $72 is $36 of points, but 800 points is the balance
    assert before["totalPrice"] == {"amount": 82.0, "currency": "USD"}
    assert money(before["totalPrice"]["amount"]) == flows.total_of(user_api_client, started["id"])
    assert before["pointsToEarn"] == 108
    assert (before["pointsBalance"], before["maxRedeemablePoints"]) == (800, 800)
    assert before["maxRedeemableValue"] == {"amount": 8.0, "currency": "USD"}
    assert before["reward"]["kind"] == "TIER_DISCOUNT"
    assert before["reward"]["label"] == "Gold: 10% off on orders over 50"
    assert before["reward"]["discount"] == {"amount": 8.0, "currency": "USD"}
    assert before["redemption"] is None
    assert (before["isActive"], before["hasCustomer"], before["channel"]) == (
        True, True, shop.channel.slug)

    # when: the shopper pays the most the preview offered
    redeemed = flows.mutate(user_api_client, REDEEM,
                            {"checkoutId": started["id"], "points": before["maxRedeemablePoints"]})
    after = checkout_loyalty(user_api_client, started["id"])

    # then: $74 to pay, of which $64 earns x1.5 = 96 points
    assert redeemed["account"]["pointsBalance"] == 0
    assert after["totalPrice"]["amount"] == 74.0
    assert money(after["totalPrice"]["amount"]) == flows.total_of(user_api_client, started["id"])
    assert after["redemption"] == {"points": 800, "state": "HELD",
                                   "amountMoney": {"amount": 8.0, "currency": "USD"}}
    assert after["pointsToEarn"] == 96
    # the held points count: redeeming again replaces them
    assert (after["pointsBalance"], after["maxRedeemablePoints"]) == (0, 800)

    # when: the order is paid and placed
    flows.pay(payment_app, started["id"], money(after["totalPrice"]["amount"]))
    flows.complete(user_api_client, started["id"])

    # then: it earned exactly the preview
    assert flows.gql(user_api_client, PENDING)["myLoyalty"]["pendingPoints"] == 96


def test_the_most_usable_points_follow_the_share_and_one_step_more_is_refused(
    enable_loyalty, users_staff, customer_user, merged_graphql, shop, user_api_client
):
    # given: 5,000 points and 8 x $10: half of the $80 of goods ($40) may be points
    enable_loyalty(**REDEEM_RULES)
    flows.mutate(users_staff, ADJUST, {"email": customer_user.email, "points": 5000})
    started = flows.start_checkout(user_api_client, shop, 8)

    # when
    preview = checkout_loyalty(user_api_client, started["id"])
    one_step_more = flows.gql(user_api_client, REDEEM, {
        "checkoutId": started["id"], "points": preview["maxRedeemablePoints"] + 100,
    })["loyaltyRedeemPoints"]
    the_most = flows.gql(user_api_client, REDEEM, {
        "checkoutId": started["id"], "points": preview["maxRedeemablePoints"],
    })["loyaltyRedeemPoints"]

    # then
    assert (preview["pointsBalance"], preview["maxRedeemablePoints"]) == (5000, 4000)
    assert preview["maxRedeemableValue"] == {"amount": 40.0, "currency": "USD"}
    assert one_step_more["errors"][0]["message"] == (
        "At most 4000 points can be used on this order (worth 40.00).")
    assert the_most["errors"] == [] and the_most["account"]["pointsBalance"] == 1000


def test_a_guests_checkout_shows_what_it_would_earn_and_nothing_to_pay_with(
    enable_loyalty, shop, api_client, merged_graphql
):
    # given: 3 x $10 and shipping for a guest
    enable_loyalty(**REDEEM_RULES)
    started = flows.start_checkout(api_client, shop, 3, email="guest@example.com")
    flows.choose_delivery(api_client, started["id"])

    # when
    preview = checkout_loyalty(api_client, started["id"])

    # then
    assert preview["hasCustomer"] is False
    assert (preview["pointsToEarn"], preview["pointsBalance"], preview["maxRedeemablePoints"]) == (
        30, None, 0)
    assert preview["totalPrice"]["amount"] == float(flows.total_of(api_client, started["id"]))


def test_a_customers_checkout_is_theirs_alone(
    gold_member, shop, user_api_client, user2_api_client, api_client
):
    # given
    started = flows.start_checkout(user_api_client, shop, 2)

    # when
    seen_by_owner = checkout_loyalty(user_api_client, started["id"])
    seen_by_other = checkout_loyalty(user2_api_client, started["id"])
    seen_anonymously = checkout_loyalty(api_client, started["id"])

    # then
    assert seen_by_owner["pointsBalance"] == 800
    assert seen_by_other is None and seen_anonymously is None


def test_an_inactive_program_previews_nothing(
    update_loyalty, shop, user_api_client, customer_user, merged_graphql
):
    # given
    update_loyalty(active=False)
    started = flows.start_checkout(user_api_client, shop, 2)

    # when
    preview = checkout_loyalty(user_api_client, started["id"])

    # then
    assert preview["isActive"] is False
    assert (preview["pointsToEarn"], preview["maxRedeemablePoints"]) == (0, 0)


@pytest.mark.parametrize("checkout_id, words", [
    ("not-an-id", "Not a checkout ID."),
    (to_global_id("Order", "1"), "Not a checkout ID."),
    ("Q2hlY2tvdXQ6\x00", "control characters"),
])
def test_a_bad_checkout_id_is_a_plain_graphql_error(
    enable_loyalty, user_api_client, merged_graphql, checkout_id, words
):
    # given
    enable_loyalty()

    # when
    response = user_api_client.post_graphql(CHECKOUT_LOYALTY, {"id": checkout_id})

    # then
    body = response.json()
    assert response.status_code == 200
    assert body["data"] == {"checkoutLoyalty": None}
    assert words in body["errors"][0]["message"]
    assert_plain(body["errors"][0]["message"])


def test_an_unknown_checkout_is_null(enable_loyalty, user_api_client, merged_graphql):
    # given
    enable_loyalty()
    unknown = to_global_id("Checkout", "a9b6f1e4-3c44-4d0e-9a39-6c4f4b1d2e10")

    # when
    body = user_api_client.post_graphql(CHECKOUT_LOYALTY, {"id": unknown}).json()

    # then
    assert body["data"] == {"checkoutLoyalty": None} and "errors" not in body


def test_the_plugin_route_answers_as_saleors_endpoint(gold_member, shop, user_api_client,
                                                      loyalty_route):
    # given
    started = flows.start_checkout(user_api_client, shop, 3)

    # when
    at_saleor = checkout_loyalty(user_api_client, started["id"])
    at_route = flows.loyalty(loyalty_route, CHECKOUT_LOYALTY, {"id": started["id"]},
                             user=gold_member)["checkoutLoyalty"]

    # then
    assert at_route == at_saleor and at_route["pointsBalance"] == 800
