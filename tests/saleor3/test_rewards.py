"""Tier and threshold rewards as real Saleor 3 vouchers, applied without typing a code,
and carried onto the order that checkoutComplete creates."""
import json

import pytest
from saleor.discount import DiscountValueType, VoucherType
from saleor.discount.models import Voucher, VoucherChannelListing, VoucherCode

from . import flows
from .flows import money

pytestmark = pytest.mark.django_db

GOLD_LADDER = [{
    "name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
    "discount_percent": 10, "discount_min_order": 50, "free_shipping": True,
}]
SET_TIER = """
mutation Set($email: String!, $tier: String, $reason: String!) {
  loyaltySetTier(email: $email, tier: $tier, reason: $reason) {
    account { tier { slug } tierHistory { toTier reason } } errors { field code message }
  }
}"""
REWARDS = "query { myLoyalty { availableRewards { code kind value minSpent expiresAt label } } }"
MY_LAST_ORDER = """
query { me { orders(first: 1) { edges { node {
  number voucherCode total { gross { amount } } discounts { type amount { amount } } } } } } }"""
MY_POINTS = "query { myLoyalty { pendingPoints } }"


def make_gold(users_staff, customer):
    """Staff put the customer on Gold through Saleor's /graphql/ (merged loyalty fields)."""
    payload = flows.mutate(users_staff, SET_TIER, {
        "email": customer.email, "tier": "gold", "reason": "VIP launch"})
    assert payload["account"]["tier"] == {"slug": "gold"}


@pytest.fixture
def gold_customer(enable_loyalty, users_staff, customer_user, merged_graphql, shop):
    enable_loyalty(tiers=json.dumps(GOLD_LADDER))
    make_gold(users_staff, customer_user)
    return customer_user


def test_gold_member_checkout_gets_ten_percent_automatically(gold_customer, shop,
                                                             user_api_client):
    # when: a checkout of 8 x $10, over the $50 minimum
    started = flows.start_checkout(user_api_client, shop, 8)

    # then
    state = flows.checkout_state(user_api_client, started["id"])
    assert state["voucherCode"].startswith("LY")
    assert money(state["discount"]["amount"]) == 8
    assert money(state["subtotalPrice"]["gross"]["amount"]) == 72


def test_the_order_carries_the_gold_discount_and_earns_on_money_paid(
    gold_customer, shop, user_api_client, payment_app, order_staff, loyalty_route
):
    # when: twelve units ($120, 10% saves $12, more than free $10 shipping); the
    # storefront checks out and the payment app charges the total
    order = flows.checkout(user_api_client, shop, 12, payment_app=payment_app)

    # then: the discount is on the order, as staff and the customer see it in Saleor
    assert order["voucherCode"].startswith("LY")
    assert money(order["total"]["gross"]["amount"]) == 118
    assert money(order["undiscountedTotal"]["gross"]["amount"]) == 130
    [discount] = order["discounts"]
    assert (discount["type"], money(discount["amount"]["amount"])) == ("VOUCHER", 12)
    seen_by_staff = flows.order_of(order_staff, order["id"])
    assert seen_by_staff["voucher"]["code"] == order["voucherCode"]
    assert seen_by_staff["discounts"] == order["discounts"]
    [mine] = flows.gql(user_api_client, MY_LAST_ORDER)["me"]["orders"]["edges"]
    assert mine["node"]["voucherCode"] == order["voucherCode"]
    # and points are earned on the $118 paid, less $10 shipping
    assert flows.loyalty(loyalty_route, MY_POINTS, user=gold_customer)["myLoyalty"] == {
        "pendingPoints": 108}


def test_free_shipping_wins_when_it_saves_more_than_the_percentage(
    gold_customer, shop, user_api_client, payment_app
):
    # when: eight units: 10% would save $8, free shipping saves $10
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # then
    assert money(order["total"]["gross"]["amount"]) == 80
    assert VoucherCode.objects.get(code=order["voucherCode"]).voucher.type == VoucherType.SHIPPING


def test_gold_member_under_the_minimum_gets_free_shipping_instead(
    gold_customer, shop, user_api_client, payment_app
):
    # when: one $10 unit, below the $50 minimum of the 10% perk
    order = flows.checkout(user_api_client, shop, 1, payment_app=payment_app)

    # then: no percentage off, and shipping costs nothing
    assert money(order["total"]["gross"]["amount"]) == 10
    assert money(order["shippingPrice"]["gross"]["amount"]) == 0
    [discount] = order["discounts"]
    assert money(discount["amount"]["amount"]) == 10
    voucher = VoucherCode.objects.get(code=order["voucherCode"]).voucher
    assert voucher.type == VoucherType.SHIPPING


def test_non_member_pays_full_price_and_cannot_use_a_members_code(
    gold_customer, shop, user_api_client, user2_api_client, api_client
):
    # given: the member's code, as issued on their checkout
    members = flows.start_checkout(user_api_client, shop, 8)
    member_code = flows.checkout_state(user_api_client, members["id"])["voucherCode"]

    # when: another customer and a guest type it
    theirs = flows.start_checkout(user2_api_client, shop, 8)
    flows.add_promo_code(user2_api_client, theirs["id"], member_code)
    theirs_state = flows.choose_delivery(user2_api_client, theirs["id"])
    guests = flows.start_checkout(api_client, shop, 8, email="guest@example.com")
    flows.add_promo_code(api_client, guests["id"], member_code)
    guests_state = flows.choose_delivery(api_client, guests["id"])

    # then: the code is taken off again; they pay the full $90
    assert member_code.startswith("LY")
    for state in (theirs_state, guests_state):
        assert state["voucherCode"] is None
        assert money(state["totalPrice"]["gross"]["amount"]) == 90


@pytest.mark.xfail(strict=True, reason=(
    "Saleor 3 gives plugins no say in checkoutAddPromoCode: it answers success with the "
    "member's code on the checkout, and only the checkout_updated hook takes it off after "
    "commit (README promises a refusal, as on Saleor 2.10)."))
def test_add_promo_code_refuses_a_members_code_on_someone_elses_checkout(
    gold_customer, shop, user_api_client, user2_api_client
):
    # given
    members = flows.start_checkout(user_api_client, shop, 8)
    member_code = flows.checkout_state(user_api_client, members["id"])["voucherCode"]
    theirs = flows.start_checkout(user2_api_client, shop, 8)

    # when
    refused = flows.add_promo_code(user2_api_client, theirs["id"], member_code)

    # then
    [error] = refused["errors"]
    assert (error["field"], error["code"]) == ("promoCode", "VOUCHER_NOT_APPLICABLE")
    assert "another customer" in error["message"]


def test_a_members_code_cannot_pay_for_someone_elses_order(
    gold_customer, shop, user_api_client, customer_user2, user2_api_client, payment_app
):
    # given: the member's code forced onto another customer's checkout behind the
    # plugin's back (e.g. written by another app)
    from saleor.checkout.models import Checkout

    members = flows.start_checkout(user_api_client, shop, 8)
    member_code = flows.checkout_state(user_api_client, members["id"])["voucherCode"]
    theirs = flows.start_checkout(user2_api_client, shop, 8)
    flows.choose_delivery(user2_api_client, theirs["id"])
    Checkout.objects.filter(token=theirs["token"]).update(voucher_code=member_code)
    flows.pay(payment_app, theirs["id"], "90.00")

    # when
    response = user2_api_client.post_graphql(flows.COMPLETE, {"id": theirs["id"]})

    # then
    payload = response.json()["data"]["checkoutComplete"]
    assert payload["order"] is None
    assert payload["errors"] == [{
        "field": "voucherCode", "code": "VOUCHER_NOT_APPLICABLE",
        "message": "This code belongs to another customer's loyalty rewards."}]


def test_a_better_code_the_shopper_typed_is_kept(gold_customer, shop, user_api_client):
    # given: a 30% campaign code from the merchant
    voucher = Voucher.objects.create(name="Spring", type=VoucherType.ENTIRE_ORDER,
                                     discount_value_type=DiscountValueType.PERCENTAGE)
    VoucherCode.objects.create(voucher=voucher, code="SPRING30")
    VoucherChannelListing.objects.create(voucher=voucher, channel=shop.channel,
                                         discount_value=30, currency="USD")
    started = flows.start_checkout(user_api_client, shop, 8)

    # when
    typed = flows.add_promo_code(user_api_client, started["id"], "SPRING30")
    state = flows.choose_delivery(user_api_client, started["id"])

    # then
    assert typed["errors"] == []
    assert state["voucherCode"] == "SPRING30"
    assert money(state["discount"]["amount"]) == 24


def test_threshold_discount_for_every_customer(enable_loyalty, shop, user2_api_client,
                                               payment_app):
    # given: 5% off orders over $50 for any signed-in customer, no tiers
    enable_loyalty(threshold_discount_percent="5", threshold_discount_min_order="50")

    # when
    order = flows.checkout(user2_api_client, shop, 8, payment_app=payment_app)
    small = flows.checkout(user2_api_client, shop, 1, payment_app=payment_app)

    # then
    assert [money(d["amount"]["amount"]) for d in order["discounts"]] == [4]
    assert money(order["total"]["gross"]["amount"]) == 86
    assert small["discounts"] == [] and small["voucherCode"] is None


def test_maximum_loyalty_discount_caps_the_tier_percentage(
    enable_loyalty, users_staff, customer_user, merged_graphql, shop, user_api_client,
    payment_app,
):
    # given: Gold promises 10% but the merchant caps loyalty discounts at 4%
    enable_loyalty(tiers=json.dumps(GOLD_LADDER), max_discount_percent="4")
    make_gold(users_staff, customer_user)

    # when: twelve units, where an uncapped 10% ($12) would beat free shipping ($10)
    order = flows.checkout(user_api_client, shop, 12, payment_app=payment_app)

    # then: capped, 4% of $120 is $4.80, so free shipping ($10) saves more and wins
    assert [money(d["amount"]["amount"]) for d in order["discounts"]] == [10]
    assert money(order["total"]["gross"]["amount"]) == 120


def test_member_sees_the_rewards_they_can_use(gold_customer, shop, user_api_client,
                                              loyalty_route):
    # when: right after the upgrade, and after the member's first checkout
    before = flows.loyalty(loyalty_route, REWARDS, user=gold_customer)
    flows.start_checkout(user_api_client, shop, 8)
    after = flows.gql(user_api_client, REWARDS)  # Saleor's /graphql/ this time

    # then: the perks were issued with the tier, as dated personal codes
    before = before["myLoyalty"]["availableRewards"]
    assert [(r["kind"], r["value"], r["minSpent"]) for r in before] == [
        ("TIER_DISCOUNT", 10.0, 50.0), ("FREE_SHIPPING", 100.0, 0.0)]
    after = after["myLoyalty"]["availableRewards"]
    assert after == before
    assert all(r["code"].startswith("LY") and r["expiresAt"] for r in after)
