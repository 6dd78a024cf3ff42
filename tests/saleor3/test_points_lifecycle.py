"""The whole path on Saleor 3: checkout paid by a payment app → pending → available →
refund → cancel, through the storefront's and the payment app's GraphQL calls.

The shop sells the $10 test product with $10 shipping; eight units are an
$80 + $10 order, which earns 80 points at 1 point per dollar.
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.tasks import release_matured_points_task

from . import flows

pytestmark = pytest.mark.django_db

MY_LOYALTY = """
query {
  myLoyalty {
    email pointsBalance pendingPoints lifetimePoints
    transactions(first: 10) {
      totalCount edges { node { kind points status reason order { number } } }
    }
    orders { orderNumber state points message }
  }
}"""
MY_LOYALTY_IN_CHANNEL = """
query Mine($channel: String) {
  myLoyalty(channel: $channel) { pendingPoints transactions(first: 5) { totalCount }
    orders { orderNumber state points message } }
}"""


def expected_points(order):
    """Points for a Saleor order fixture paid in full: its total less shipping."""
    return int(order.total_gross_amount - order.shipping_price_gross_amount)


def my_loyalty(loyalty_route, user):
    return flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]


def movements(loyalty):
    return [(e["node"]["kind"], e["node"]["points"]) for e in loyalty["transactions"]["edges"]]


@pytest.fixture
def paid_order(enable_loyalty, shop, user_api_client, payment_app):
    """Eight units and shipping ($90), charged by the payment app at checkout."""
    def place(**configuration):
        enable_loyalty(**configuration)
        return flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    return place


def test_checkout_paid_by_a_payment_app_earns_pending_points_without_shipping(
    paid_order, customer_user, loyalty_route
):
    # when
    order = paid_order(points_per_currency_unit="1", pending_days="30")

    # then
    assert (order["status"], order["chargeStatus"]) == ("UNFULFILLED", "FULL")
    assert flows.money(order["total"]["gross"]["amount"]) == 90
    loyalty = my_loyalty(loyalty_route, customer_user)
    assert (loyalty["pendingPoints"], loyalty["pointsBalance"], loyalty["lifetimePoints"]) == (
        80, 0, 80)
    [edge] = loyalty["transactions"]["edges"]
    assert (edge["node"]["kind"], edge["node"]["status"]) == ("EARN", "PENDING")
    assert edge["node"]["order"] == {"number": order["number"]}
    assert loyalty["orders"] == [{
        "orderNumber": order["number"], "state": "PENDING", "points": 80,
        "message": "80 points, pending through the return window.",
    }]


def test_points_become_available_after_the_return_window(
    paid_order, customer_user, loyalty_route
):
    # given
    paid_order(pending_days="30")

    # when: the beat task runs a day before and a day after the window closes
    with freeze_time(timezone.now() + timedelta(days=29)):
        release_matured_points_task.apply()
    still_pending = my_loyalty(loyalty_route, customer_user)
    with freeze_time(timezone.now() + timedelta(days=31)):
        release_matured_points_task.apply()

    # then
    assert still_pending["pendingPoints"] == 80
    loyalty = my_loyalty(loyalty_route, customer_user)
    assert (loyalty["pendingPoints"], loyalty["pointsBalance"]) == (0, 80)
    assert loyalty["transactions"]["edges"][0]["node"]["status"] == "AVAILABLE"
    assert loyalty["orders"][0]["state"] == "AVAILABLE"


def test_partial_refund_reported_by_the_payment_app_takes_back_points_in_proportion(
    paid_order, payment_app, order_staff, customer_user, loyalty_route
):
    # given
    order = paid_order()
    transaction_id = flows.transaction_of(order_staff, order["id"])

    # when: $22.50 of $90 (a quarter) is refunded
    flows.report(payment_app, transaction_id, "REFUND_SUCCESS", "22.50")

    # then: a quarter of 80 points is taken back
    loyalty = my_loyalty(loyalty_route, customer_user)
    assert loyalty["pendingPoints"] == 60
    assert movements(loyalty) == [("CLAWBACK", -20), ("EARN", 80)]
    assert loyalty["orders"][0]["message"] == (
        "60 points (20 taken back for refunds), pending through the return window.")


def test_cancelling_an_order_takes_all_its_points_back(
    paid_order, payment_app, order_staff, customer_user, loyalty_route
):
    # given
    order = paid_order()
    flows.report(payment_app, flows.transaction_of(order_staff, order["id"]), "REFUND_SUCCESS",
                 "22.50")

    # when
    flows.cancel(order_staff, order["id"])

    # then
    loyalty = my_loyalty(loyalty_route, customer_user)
    assert (loyalty["pendingPoints"], loyalty["lifetimePoints"]) == (0, 0)
    assert sorted(points for _, points in movements(loyalty)) == [-60, -20, 80]
    assert loyalty["orders"][0]["state"] == "TAKEN_BACK"


def test_points_that_matured_are_taken_back_on_cancel(
    paid_order, order_staff, customer_user, loyalty_route
):
    # given: the points became available
    order = paid_order(pending_days="14")
    with freeze_time(timezone.now() + timedelta(days=15)):
        release_matured_points_task.apply()
    matured = my_loyalty(loyalty_route, customer_user)

    # when
    flows.cancel(order_staff, order["id"])

    # then
    assert matured["pointsBalance"] == 80
    loyalty = my_loyalty(loyalty_route, customer_user)
    assert (loyalty["pointsBalance"], loyalty["lifetimePoints"]) == (0, 0)
    assert sorted(kind for kind, _ in movements(loyalty)) == ["CLAWBACK", "EARN"]


def test_the_same_hook_delivered_twice_awards_once(
    enable_loyalty, shop, user_api_client, payment_app, order_staff, customer_user,
    loyalty_route, committed,
):
    # given: authorized at checkout, then the charge reported by the payment app
    enable_loyalty()
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app, authorize_only=True)
    transaction_id = flows.transaction_of(order_staff, order["id"])
    flows.report(payment_app, transaction_id, "CHARGE_SUCCESS", "90.00", psp="charge-1")
    from saleor.order.models import Order
    from saleor.plugins.manager import get_plugins_manager

    saleor_order = Order.objects.get(number=order["number"])

    # when: the payment app repeats its charge report, and Saleor delivers every
    # order hook again, twice, in another order
    repeated = flows.report(payment_app, transaction_id, "CHARGE_SUCCESS", "90.00",
                            psp="charge-1")
    manager = get_plugins_manager(allow_replica=False)
    with committed(execute=True):
        for _ in range(2):
            manager.order_updated(saleor_order)
            manager.order_fully_paid(saleor_order)
            manager.order_paid(saleor_order)
            manager.order_confirmed(saleor_order)
            manager.order_created(saleor_order)

    # then
    assert repeated["alreadyProcessed"] is True
    assert my_loyalty(loyalty_route, customer_user)["pendingPoints"] == 80
    rows = LoyaltyTransaction.objects.filter(order_id=str(saleor_order.pk))
    assert [row.kind for row in rows] == ["earn"]


def test_authorized_payment_earns_only_once_the_app_reports_the_charge(
    enable_loyalty, shop, user_api_client, payment_app, order_staff, customer_user,
    loyalty_route,
):
    # given: the payment app only authorizes the money at checkout
    enable_loyalty()
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app, authorize_only=True)
    before_charge = my_loyalty(loyalty_route, customer_user)

    # when
    flows.report(payment_app, flows.transaction_of(order_staff, order["id"]), "CHARGE_SUCCESS",
                 "90.00")

    # then
    assert before_charge["pendingPoints"] == 0
    assert before_charge["orders"][0]["state"] == "AWAITING_PAYMENT"
    assert my_loyalty(loyalty_route, customer_user)["pendingPoints"] == 80


def test_fulfilled_trigger_waits_for_shipment(
    paid_order, shop, order_staff, customer_user, loyalty_route
):
    # given
    order = paid_order(award_trigger="order_fulfilled")
    paid_only = my_loyalty(loyalty_route, customer_user)

    # when
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)

    # then
    assert paid_only["pendingPoints"] == 0
    assert paid_only["orders"][0]["state"] == "AWAITING_FULFILLMENT"
    assert my_loyalty(loyalty_route, customer_user)["pendingPoints"] == 80


def test_inactive_plugin_awards_nothing(
    update_loyalty, shop, user_api_client, payment_app, merged_graphql
):
    # given: the plugin is installed and configured, but switched off in the channel
    assert update_loyalty(active=False, points_per_currency_unit="5")["errors"] == []

    # when
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # then: nothing in the ledger, and Saleor's own /graphql/ says why
    assert not LoyaltyTransaction.objects.exists()
    loyalty = flows.gql(user_api_client, MY_LOYALTY_IN_CHANNEL,
                        {"channel": shop.channel.slug})["myLoyalty"]
    assert (loyalty["pendingPoints"], loyalty["transactions"]["totalCount"]) == (0, 0)
    assert [(o["orderNumber"], o["state"]) for o in loyalty["orders"]] == [
        (order["number"], "PROGRAM_INACTIVE")]


def test_shipping_earns_when_the_merchant_includes_it(paid_order, customer_user, loyalty_route):
    # when
    paid_order(include_shipping="true", points_per_currency_unit="2")

    # then: ($80 + $10 shipping) x 2
    assert my_loyalty(loyalty_route, customer_user)["pendingPoints"] == 180


def test_gift_card_part_earns_nothing(
    enable_loyalty, shop, user_api_client, payment_app, gift_card, customer_user, loyalty_route
):
    # given: a $10 gift card pays part of the $90 order
    enable_loyalty()

    # when
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app,
                           promo_code=gift_card.code)

    # then: Saleor's order total is net of the gift card; the $80 charged, less
    # $10 shipping, earns
    assert order["chargeStatus"] == "FULL"
    assert flows.money(order["total"]["gross"]["amount"]) == 80
    assert my_loyalty(loyalty_route, customer_user)["pendingPoints"] == 70
    gift_card.refresh_from_db()
    assert gift_card.current_balance_amount == 0


def test_unpaid_order_earns_nothing(
    enable_loyalty, shop, user_api_client, offline_payments, customer_user, loyalty_route
):
    # given
    enable_loyalty()

    # when: the shopper completes the checkout without paying
    order = flows.checkout(user_api_client, shop, 8)

    # then
    assert order["isPaid"] is False
    assert not LoyaltyTransaction.objects.exists()
    loyalty = my_loyalty(loyalty_route, customer_user)
    assert loyalty["pendingPoints"] == 0
    assert loyalty["orders"][0]["state"] == "AWAITING_CONFIRMATION"
