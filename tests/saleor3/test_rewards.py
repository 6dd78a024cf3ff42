"""Saleor 3: a Gold member's checkout carries their 10% voucher without typing a code."""
import json
from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from saleor_loyalty_plugin.ledger import services as ledger
from saleor_loyalty_plugin.tiers import services as tiering
from saleor_loyalty_plugin.program.selectors import active_program_for as program_settings_for

pytestmark = pytest.mark.django_db

GOLD = [{"name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
         "discount_percent": 10, "discount_min_order": 50}]
CHECKOUT_CREATE = """
mutation Create($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { field code message } }
}"""
CHECKOUT = """
query Checkout($id: ID!) {
  checkout(id: $id) { voucherCode discount { amount } subtotalPrice { gross { amount } } }
}"""
ADD_PROMO = """
mutation Promo($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) { errors { field code message } }
}"""


def make_gold(user, channel):
    from django.utils import timezone

    account = ledger.get_or_create_account(user=user, channel=channel.slug)
    tiering.account_assign_tier(account=account, settings=program_settings_for(channel.slug),
                                tier_slug="gold", reason="test", until=None, actor_email="",
                                now=timezone.now())


def create_checkout(api_client, channel, product, email, quantity, committed):
    variant = product.variants.first()
    with committed(execute=True):
        body = api_client.post_graphql(CHECKOUT_CREATE, {"input": {
            "channel": channel.slug, "email": email,
            "lines": [{"quantity": quantity, "variantId": to_global_id("ProductVariant", variant.pk)}],
        }}).json()
    assert body["data"]["checkoutCreate"]["errors"] == [], body
    return body["data"]["checkoutCreate"]["checkout"]["id"]


def checkout_state(api_client, checkout_id):
    return api_client.post_graphql(CHECKOUT, {"id": checkout_id}).json()["data"]["checkout"]


def test_gold_member_checkout_gets_ten_percent_automatically(
    enable_loyalty, user_api_client, customer_user, channel_USD, product, committed
):
    # given
    enable_loyalty(tiers=json.dumps(GOLD))
    make_gold(customer_user, channel_USD)

    # when: a checkout of 8 x $10, over the $50 minimum
    checkout_id = create_checkout(user_api_client, channel_USD, product, customer_user.email, 8,
                                  committed)

    # then
    state = checkout_state(user_api_client, checkout_id)
    assert state["voucherCode"] and state["voucherCode"].startswith("LY")
    assert Decimal(str(state["discount"]["amount"])) == Decimal("8")
    assert Decimal(str(state["subtotalPrice"]["gross"]["amount"])) == Decimal("72")


def test_small_checkout_and_non_member_get_nothing_and_codes_stay_personal(
    enable_loyalty, user_api_client, customer_user, user2_api_client, customer_user2,
    channel_USD, product, committed
):
    # given
    enable_loyalty(tiers=json.dumps(GOLD))
    make_gold(customer_user, channel_USD)
    small = create_checkout(user_api_client, channel_USD, product, customer_user.email, 1, committed)
    members = create_checkout(user_api_client, channel_USD, product, customer_user.email, 8, committed)
    member_code = checkout_state(user_api_client, members)["voucherCode"]
    assert member_code.startswith("LY")

    # when: another customer's checkout tries the member's code
    other = create_checkout(user2_api_client, channel_USD, product, customer_user2.email, 8, committed)
    assert checkout_state(user2_api_client, other)["voucherCode"] is None  # no automatic reward
    with committed(execute=True):
        user2_api_client.post_graphql(ADD_PROMO, {"id": other, "code": member_code})

    # then
    assert checkout_state(user_api_client, small)["voucherCode"] is None
    assert checkout_state(user2_api_client, other)["voucherCode"] is None
