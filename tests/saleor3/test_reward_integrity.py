"""Every reward code is bound to its member, bounded in use, dated, and retired when the
entitlement ends; the store-wide discount is one object per channel (Saleor 3)."""
import json
from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from saleor.discount.models import Promotion, Voucher, VoucherCode

from saleor_loyalty_plugin.models import LoyaltyReward

from . import flows
from .flows import money
from .test_rewards import GOLD_LADDER, REWARDS, SET_TIER

pytestmark = pytest.mark.django_db

DRAFT_CREATE = """
mutation Draft($input: DraftOrderCreateInput!) {
  draftOrderCreate(input: $input) { order { id } errors { field code message } }
}"""
DRAFT_METHODS = "query M($id: ID!) { order(id: $id) { shippingMethods { id } } }"
DRAFT_UPDATE = """
mutation DraftUpdate($id: ID!, $input: DraftOrderInput!) {
  draftOrderUpdate(id: $id, input: $input) { order { id } errors { field code message } }
}"""
DRAFT_COMPLETE = """
mutation Complete($id: ID!) {
  draftOrderComplete(id: $id) { order { id status voucherCode } errors { field code message } }
}"""
ORDER_FROM_CHECKOUT = """
mutation Create($id: ID!) {
  orderCreateFromCheckout(id: $id) { order { id number voucherCode } errors { field code } }
}"""


def voucher_of(code):
    return Voucher.objects.get(codes__code=code)


def uses_of(voucher):
    return VoucherCode.objects.filter(voucher=voucher).aggregate(total=Sum("used"))["total"]


def tier_discount_code():
    return LoyaltyReward.objects.get(kind="tier_discount").voucher_code


@pytest.fixture
def gold_customer(enable_loyalty, users_staff, customer_user, merged_graphql, shop):
    enable_loyalty(tiers=json.dumps(GOLD_LADDER))
    flows.mutate(users_staff, SET_TIER, {"email": customer_user.email, "tier": "gold",
                                         "reason": "VIP launch"})
    return customer_user


def test_a_members_code_is_dated_and_armed_for_one_use_at_a_time(
    gold_customer, shop, user_api_client, payment_app
):
    # given: the Gold member's code, issued with the tier
    code = tier_discount_code()
    voucher = voucher_of(code)
    assert voucher.usage_limit == 1
    assert timezone.now() + timedelta(days=29) < voucher.end_date <= timezone.now() + timedelta(
        days=30)

    # when: the member's own order uses it (12 x $10: 10% beats free shipping)
    order = flows.checkout(user_api_client, shop, 12, payment_app=payment_app)

    # then: used once, and armed for one more order
    voucher.refresh_from_db()
    assert order["voucherCode"] == code
    assert (uses_of(voucher), voucher.usage_limit) == (1, 2)


def test_switching_the_program_off_stops_every_members_code(
    gold_customer, update_loyalty, shop, user_api_client, user2_api_client
):
    # given
    code = tier_discount_code()

    # when: the merchant switches the program off in the channel
    assert update_loyalty(active=False)["errors"] == []

    # then: with no hook left to guard it, the code no longer works for anyone
    theirs = flows.start_checkout(user2_api_client, shop, 8)
    refused = flows.add_promo_code(user2_api_client, theirs["id"], code)
    assert refused["errors"] and flows.checkout_state(user2_api_client, theirs["id"])[
        "voucherCode"] is None
    assert voucher_of(code).end_date <= timezone.now()

    # when: switched on again, the member's next checkout gets a working code
    assert update_loyalty(active=True)["errors"] == []
    again = flows.start_checkout(user_api_client, shop, 8)

    # then
    state = flows.checkout_state(user_api_client, again["id"])
    assert state["voucherCode"] == code and money(state["discount"]["amount"]) == 8
    assert voucher_of(code).end_date > timezone.now() + timedelta(days=29)


def test_a_demoted_members_code_stops_working_at_once(
    gold_customer, users_staff, shop, user_api_client
):
    # given
    code = tier_discount_code()

    # when: staff take the Gold assignment back (the member never earned it)
    demoted = flows.mutate(users_staff, SET_TIER, {
        "email": gold_customer.email, "tier": None, "reason": "Trial ended"})

    # then: the code is retired in Saleor, and typing it gets nothing
    assert demoted["account"]["tier"] is None
    assert voucher_of(code).end_date <= timezone.now()
    started = flows.start_checkout(user_api_client, shop, 8)
    typed = flows.add_promo_code(user_api_client, started["id"], code)
    assert typed["errors"]
    assert flows.checkout_state(user_api_client, started["id"])["voucherCode"] is None
    rewards = flows.gql(user_api_client, REWARDS)["myLoyalty"]["availableRewards"]
    assert rewards == []


def test_an_app_creating_an_order_from_a_checkout_cannot_use_someone_elses_code(
    gold_customer, shop, user_api_client, user2_api_client, payment_app,
    permission_handle_checkouts, monkeypatch,
):
    # given: the member's code on another customer's checkout, added while the
    # plugin's checkout hook did not run (it crashed)
    from saleor_loyalty_plugin.plugin import LoyaltyPlugin

    code = tier_discount_code()
    theirs = flows.start_checkout(user2_api_client, shop, 8)
    flows.choose_delivery(user2_api_client, theirs["id"])
    with monkeypatch.context() as crashed:
        crashed.setattr(LoyaltyPlugin, "checkout_updated",
                        lambda self, checkout, previous_value, *a, **k: previous_value)
        assert flows.add_promo_code(user2_api_client, theirs["id"], code)["errors"] == []
    payment_app.app.permissions.add(permission_handle_checkouts)
    flows.pay(payment_app, theirs["id"], flows.total_of(user2_api_client, theirs["id"]))

    # when: a payment app (HANDLE_CHECKOUTS) turns the checkout into an order
    created = flows.gql(payment_app, ORDER_FROM_CHECKOUT, {"id": theirs["id"]})[
        "orderCreateFromCheckout"]

    # then: refused at order creation, as checkoutComplete is
    assert created["order"] is None
    assert created["errors"] == [{"field": "voucherCode", "code": "VOUCHER_NOT_APPLICABLE"}]
    assert voucher_of(code).end_date > timezone.now()


def test_an_order_paid_with_someone_elses_code_retires_it_and_rotates_the_member(
    gold_customer, shop, customer_user2, order_staff, user_api_client,
):
    # given: staff build a draft order for another customer with the member's code
    # (draft orders run no checkout hooks and no completion backstop)
    from graphql_relay import to_global_id

    code = tier_discount_code()
    draft = flows.mutate(order_staff, DRAFT_CREATE, {"input": {
        "channelId": to_global_id("Channel", shop.channel.pk),
        "user": to_global_id("User", customer_user2.pk),
        "lines": [{"variantId": shop.variant_id, "quantity": 8}],
        "shippingAddress": flows.US_ADDRESS, "billingAddress": flows.US_ADDRESS,
        "voucherCode": code,
    }})["order"]
    methods = flows.gql(order_staff, DRAFT_METHODS, {"id": draft["id"]})["order"]
    flows.mutate(order_staff, DRAFT_UPDATE, {"id": draft["id"], "input": {
        "shippingMethod": methods["shippingMethods"][0]["id"]}})

    # when
    completed = flows.mutate(order_staff, DRAFT_COMPLETE, {"id": draft["id"]})["order"]

    # then: the code paid once and is dead; the member has a fresh one
    assert completed["voucherCode"] == code
    assert voucher_of(code).end_date <= timezone.now()
    fresh = tier_discount_code()
    assert fresh != code and fresh.startswith("LY")
    assert voucher_of(fresh).usage_limit == 1
    rewards = flows.gql(user_api_client, REWARDS)["myLoyalty"]["availableRewards"]
    assert [r["code"] for r in rewards if r["kind"] == "TIER_DISCOUNT"] == [fresh]


def loyalty_promotions():
    return Promotion.objects.filter(metadata__loyalty_purpose="store-wide threshold discount")


def test_the_threshold_discount_is_one_promotion_whatever_the_number_of_customers(
    enable_loyalty, update_loyalty, shop, user_api_client, user2_api_client, api_client,
    payment_app,
):
    # given: 5% off orders over $50 for everyone
    enable_loyalty(threshold_discount_percent="5", threshold_discount_min_order="50")

    # when: two customers and a guest check out
    orders = [flows.checkout(user_api_client, shop, 8, payment_app=payment_app),
              flows.checkout(user2_api_client, shop, 8, payment_app=payment_app),
              flows.checkout(api_client, shop, 8, payment_app=payment_app,
                             email="guest@example.com")]

    # then: each got $4 off, through one promotion and no voucher at all
    assert [[money(d["amount"]["amount"]) for d in o["discounts"]] for o in orders] == [[4]] * 3
    assert all(o["voucherCode"] is None for o in orders)
    [promotion] = loyalty_promotions()
    assert promotion.name == "Loyalty: 5% off on orders over 50 (everyone)"
    assert not LoyaltyReward.objects.exists()

    # when: the merchant raises it, then switches the program off
    enable_loyalty(threshold_discount_percent="10", threshold_discount_min_order="50")
    raised = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    update_loyalty(active=False)
    after = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # then: the same promotion, rewritten, then ended
    assert [money(d["amount"]["amount"]) for d in raised["discounts"]] == [8]
    assert list(loyalty_promotions()) == [promotion]
    assert after["discounts"] == []
    assert loyalty_promotions().get().end_date <= timezone.now()


def test_the_member_gets_the_better_of_their_perk_and_the_store_discount(
    enable_loyalty, users_staff, customer_user, merged_graphql, shop, user_api_client,
    payment_app,
):
    # given: Gold (10% over $50, free shipping) and a store-wide 5% over $50
    enable_loyalty(tiers=json.dumps(GOLD_LADDER), threshold_discount_percent="5",
                   threshold_discount_min_order="50")
    flows.mutate(users_staff, SET_TIER, {"email": customer_user.email, "tier": "gold",
                                         "reason": "VIP"})
    perk = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # when: the store discount grows to 20%, more than any perk
    enable_loyalty(tiers=json.dumps(GOLD_LADDER), threshold_discount_percent="20",
                   threshold_discount_min_order="50")
    store = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # then: free shipping ($10) beat 5% ($4); then 20% ($16) beat free shipping
    assert perk["voucherCode"].startswith("LY")
    assert money(perk["total"]["gross"]["amount"]) == 80
    assert store["voucherCode"] is None
    assert [money(d["amount"]["amount"]) for d in store["discounts"]] == [16]
    assert money(store["total"]["gross"]["amount"]) == 80 - 16 + 10
