"""Tier and threshold rewards as real Saleor vouchers, applied without typing a code."""
import json
from decimal import Decimal

import pytest
from saleor.discount.models import Voucher

from .queries import my_loyalty

pytestmark = pytest.mark.django_db(transaction=True)

GOLD_LADDER = [{
    "name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
    "discount_percent": 10, "discount_min_order": 200, "free_shipping": True,
}]
SET_TIER = """
mutation Set($email: String!) {
  loyaltySetTier(email: $email, tier: "gold", reason: "VIP launch") { errors { field code } }
}"""
REWARDS = """
query { myLoyalty { availableRewards { code kind value minSpent expiresAt } } }"""


def money(value):
    return Decimal(str(value))


@pytest.fixture
def gold_customer(graphql, enable_loyalty, customer, staff_token):
    enable_loyalty(tiers=json.dumps(GOLD_LADDER))
    errors = graphql.execute(SET_TIER, {"email": customer.email}, staff_token)
    assert errors["loyaltySetTier"]["errors"] == []
    return customer


@pytest.fixture
def other_customer(storefront):
    class Other:
        email = "other@example.com"

    storefront.register(Other.email, "other-password-1")
    Other.token = storefront.login(Other.email, "other-password-1")
    return Other


def two_jackets(shop):
    return [(shop.variants["JACKET-WAXED"], 2)]


def test_gold_member_gets_ten_percent_without_typing_a_code(storefront, graphql, shop, gold_customer):
    # when: $216 of jackets + $20 shipping
    order = storefront.checkout(two_jackets(shop), token=gold_customer.token,
                                shipping_method=shop.shipping_method)

    # then: 10% of $216 off, shown on the order with the member's voucher
    assert money(order["discount"]["amount"]) == Decimal("21.60")
    assert money(order["total"]["gross"]["amount"]) == Decimal("214.40")
    assert order["voucher"]["code"].startswith("LY")
    # and points are earned only on the money paid, without shipping
    assert my_loyalty(graphql, gold_customer.token)["pendingPoints"] == 194


def test_gold_member_under_the_minimum_gets_free_shipping_instead(storefront, shop, gold_customer):
    # when: a $150 bag, below the $200 minimum of the 10% perk
    checkout = storefront.start_checkout([(shop.variants["BAG-WEEKENDER"], 1)], token=gold_customer.token)
    checkout = storefront.choose_shipping(checkout["id"], shop.shipping_method, token=gold_customer.token)
    order = storefront.pay_and_complete(checkout["id"], checkout["totalPrice"]["gross"]["amount"],
                                        token=gold_customer.token)

    # then: no percentage off, and shipping costs nothing
    assert money(order["total"]["gross"]["amount"]) == Decimal("150")
    assert money(order["discount"]["amount"]) == Decimal("20")
    assert Voucher.objects.get(code=order["voucher"]["code"]).type == "shipping"


def test_non_member_pays_full_price_and_cannot_use_a_members_code(
    storefront, shop, gold_customer, other_customer
):
    # given: the member's code, as issued on their checkout
    members = storefront.start_checkout(two_jackets(shop), token=gold_customer.token)
    member_code = members["voucherCode"]

    # when: someone else checks out and types it
    checkout = storefront.start_checkout(two_jackets(shop), token=other_customer.token)
    refused = storefront.add_promo_code(checkout["id"], member_code, token=other_customer.token)
    guest = storefront.start_checkout(two_jackets(shop), email="guest@example.com")
    refused_guest = storefront.add_promo_code(guest["id"], member_code)
    checkout = storefront.choose_shipping(checkout["id"], shop.shipping_method, token=other_customer.token)

    # then
    assert member_code and checkout["voucherCode"] is None
    for payload in (refused, refused_guest):
        [error] = payload["checkoutErrors"]
        assert (error["field"], error["code"]) == ("promoCode", "VOUCHER_NOT_APPLICABLE")
        assert "another customer" in error["message"]
    assert money(checkout["totalPrice"]["gross"]["amount"]) == Decimal("236")


def test_a_better_code_the_shopper_typed_is_kept(storefront, shop, gold_customer):
    # given: a 30% campaign code from the merchant
    Voucher.objects.create(code="SPRING30", discount_value_type="percentage", discount_value=30)
    checkout = storefront.start_checkout(two_jackets(shop), token=gold_customer.token)

    # when
    typed = storefront.add_promo_code(checkout["id"], "SPRING30", token=gold_customer.token)
    checkout = storefront.choose_shipping(checkout["id"], shop.shipping_method, token=gold_customer.token)

    # then
    assert typed["checkoutErrors"] == []
    assert checkout["voucherCode"] == "SPRING30"
    assert money(checkout["discount"]["amount"]) == Decimal("64.80")


def test_threshold_discount_for_every_customer(storefront, shop, enable_loyalty, other_customer):
    # given: 5% off orders over $200, no tiers
    enable_loyalty(threshold_discount_percent="5", threshold_discount_min_order="200")

    # when
    order = storefront.checkout(two_jackets(shop), token=other_customer.token,
                                shipping_method=shop.shipping_method)
    small = storefront.checkout([(shop.variants["BAG-WEEKENDER"], 1)], token=other_customer.token,
                                shipping_method=shop.shipping_method)

    # then
    assert money(order["discount"]["amount"]) == Decimal("10.80")
    assert money(small["discount"]["amount"]) == Decimal("0")


def test_maximum_loyalty_discount_caps_the_tier_percentage(storefront, shop, enable_loyalty,
                                                           graphql, customer, staff_token):
    # given: Gold promises 10% but the merchant caps loyalty discounts at 4%
    enable_loyalty(tiers=json.dumps(GOLD_LADDER), max_discount_percent="4")
    graphql.execute(SET_TIER, {"email": customer.email}, staff_token)

    # when
    order = storefront.checkout(two_jackets(shop), token=customer.token,
                                shipping_method=shop.shipping_method)

    # then: capped, 4% of $216 is $8.64, so free shipping ($20) saves more and wins
    assert money(order["discount"]["amount"]) == Decimal("20")
    assert money(order["total"]["gross"]["amount"]) == Decimal("216")


def test_member_sees_the_rewards_they_can_use(graphql, storefront, shop, gold_customer):
    # when: right after the upgrade, and after the member's first checkout
    before = graphql.execute(REWARDS, token=gold_customer.token)["myLoyalty"]["availableRewards"]
    storefront.start_checkout(two_jackets(shop), token=gold_customer.token)
    after = graphql.execute(REWARDS, token=gold_customer.token)["myLoyalty"]["availableRewards"]

    # then: the perks were issued with the tier, as dated personal codes
    assert [(r["kind"], r["value"], r["minSpent"]) for r in before] == [
        ("TIER_DISCOUNT", 10.0, 200.0), ("FREE_SHIPPING", 100.0, 0.0)]
    assert after == before
    assert all(r["code"].startswith("LY") and r["expiresAt"] for r in after)
