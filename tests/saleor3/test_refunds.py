"""Refunds that say what they return (Saleor 3's refund fulfilments): shipping alone takes
back no points, goods take back their share, and punches follow the units kept."""
import json

import pytest
from django.utils import timezone
from saleor.discount.models import Voucher

from saleor_loyalty_plugin.models import LoyaltyReward

from . import flows

pytestmark = pytest.mark.django_db

DUMMY_GATEWAY = "saleor.payment.gateways.dummy.plugin.DeprecatedDummyGatewayPlugin"
PAY = """
mutation Pay($id: ID!, $input: PaymentInput!) {
  checkoutPaymentCreate(id: $id, input: $input) { payment { id } errors { field code } }
}"""
REFUND = """
mutation Refund($order: ID!, $input: OrderRefundProductsInput!) {
  orderFulfillmentRefundProducts(order: $order, input: $input) {
    fulfillment { status totalRefundedAmount { amount } shippingRefundedAmount { amount } }
    errors { field code message }
  }
}"""
POINTS = "query { myLoyalty { pointsBalance pendingPoints } }"
ORDER_LINES = "query L($id: ID!) { order(id: $id) { lines { id quantity } } }"


@pytest.fixture
def card_payments(settings, loyalty_installed):
    """Saleor's legacy payments API with its dummy gateway, as the demo's storefront pays."""
    settings.PLUGINS = settings.PLUGINS + [DUMMY_GATEWAY]


def paid_order(client, shop, quantity):
    """8 x $10 + $10 shipping, paid by card through checkoutPaymentCreate."""
    started = flows.start_checkout(client, shop, quantity)
    flows.choose_delivery(client, started["id"])
    flows.mutate(client, PAY, {"id": started["id"], "input": {
        "gateway": "mirumee.payments.dummy", "token": "charged",
        "amount": str(flows.total_of(client, started["id"]))}})
    return flows.complete(client, started["id"])


def refund(staff, order_id, *, shipping=False, units=0):
    lines = flows.gql(staff, ORDER_LINES, {"id": order_id})["order"]["lines"]
    return flows.mutate(staff, REFUND, {"order": order_id, "input": {
        "includeShippingCosts": shipping,
        "orderLines": [{"orderLineId": lines[0]["id"], "quantity": units}] if units else [],
    }})["fulfillment"]


def pending(route, user):
    return flows.loyalty(route, POINTS, user=user)["myLoyalty"]["pendingPoints"]


def test_refunding_shipping_alone_takes_back_no_points_and_goods_their_share(
    enable_loyalty, card_payments, shop, user_api_client, order_staff, customer_user,
    loyalty_route,
):
    # given: $80 of goods earn 80 points; $10 shipping earns none
    enable_loyalty()
    order = paid_order(user_api_client, shop, 8)
    assert pending(loyalty_route, customer_user) == 80

    # when: the merchant refunds the shipping only
    shipping_refund = refund(order_staff, order["id"], shipping=True)

    # then
    assert flows.money(shipping_refund["shippingRefundedAmount"]["amount"]) == 10
    assert pending(loyalty_route, customer_user) == 80

    # when: then four of the eight units
    refund(order_staff, order["id"], units=4)

    # then: half the goods back, half the points
    assert pending(loyalty_route, customer_user) == 40


def test_a_partial_refund_voids_its_punches_and_an_unused_free_unit_they_earned(
    enable_loyalty, card_payments, shop, user_api_client, order_staff,
):
    # given: every 4 units earn a free one; 8 units bought, two free units issued
    enable_loyalty(punch_cards=json.dumps([
        {"name": "Club", "product_sku": shop.variant.sku, "goal": 4}]))
    order = paid_order(user_api_client, shop, 8)
    assert LoyaltyReward.objects.filter(is_active=True).count() == 2

    # when: three units are refunded (5 kept: one full card)
    refund(order_staff, order["id"], units=3)

    # then: one free unit is retired in Saleor, one stays
    assert LoyaltyReward.objects.filter(is_active=True).count() == 1
    retired = LoyaltyReward.objects.get(is_active=False)
    assert Voucher.objects.get(codes__code=retired.voucher_code).end_date <= timezone.now()


def test_cancelling_an_order_retires_the_free_unit_it_earned(
    enable_loyalty, shop, user_api_client, payment_app, order_staff, merged_graphql,
):
    # given: a full card from one order
    enable_loyalty(punch_cards=json.dumps([
        {"name": "Club", "product_sku": shop.variant.sku, "goal": 4}]))
    order = flows.checkout(user_api_client, shop, 4, payment_app=payment_app)
    [free_unit] = LoyaltyReward.objects.all()

    # when
    flows.cancel(order_staff, order["id"])

    # then: the unused free unit no longer works
    free_unit.refresh_from_db()
    assert free_unit.is_active is False
    rewards = flows.gql(user_api_client, "query { myLoyalty { availableRewards { code } "
                                         "punchCards { progress freeUnitCodes } } }")["myLoyalty"]
    assert rewards == {"availableRewards": [], "punchCards": [{"progress": 0,
                                                                "freeUnitCodes": []}]}
    assert Voucher.objects.get(codes__code=free_unit.voucher_code).end_date <= timezone.now()
