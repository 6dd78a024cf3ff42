"""Where each order stands with its points (``orders { state points message }``).

Saleor 3 keeps an order from an unpaid checkout UNCONFIRMED even after staff
mark it as paid; it earns once staff confirm it.  The customer sees that at
the plugin route, staff see it through Saleor's own /graphql/.
"""
import pytest

from saleor_loyalty_plugin.models import LoyaltyTransaction

from . import flows

pytestmark = pytest.mark.django_db

MY_ORDERS = "query { myLoyalty { pendingPoints orders { orderNumber state points message } } }"
ACCOUNT_ORDERS = """
query Account($email: String!, $channel: String) {
  loyaltyAccount(email: $email, channel: $channel) {
    pendingPoints orders { orderNumber state points message }
  }
}"""


@pytest.fixture
def unpaid_order(enable_loyalty, shop, user_api_client, offline_payments):
    """Checkout completed without payment (cash on delivery, bank transfer)."""
    enable_loyalty()
    return flows.checkout(user_api_client, shop, 8)


def test_order_marked_as_paid_waits_for_confirmation_then_earns(
    unpaid_order, order_staff, users_staff, customer_user, loyalty_route, merged_graphql, shop
):
    # given
    assert (unpaid_order["status"], unpaid_order["isPaid"]) == ("UNCONFIRMED", False)

    # when: staff mark it as paid, but do not confirm it yet
    paid = flows.mark_as_paid(order_staff, unpaid_order["id"])
    mine = flows.loyalty(loyalty_route, MY_ORDERS, user=customer_user)["myLoyalty"]
    staff_view = flows.gql(users_staff, ACCOUNT_ORDERS, {
        "email": customer_user.email, "channel": shop.channel.slug})["loyaltyAccount"]

    # then
    assert (paid["status"], paid["isPaid"]) == ("UNCONFIRMED", True)
    assert mine["pendingPoints"] == 0
    [state] = mine["orders"]
    assert (state["orderNumber"], state["state"], state["points"]) == (
        unpaid_order["number"], "AWAITING_CONFIRMATION", 0)
    assert "confirm" in state["message"]
    assert staff_view["orders"] == mine["orders"]
    assert not LoyaltyTransaction.objects.exists()

    # when: staff confirm it
    confirmed = flows.confirm(order_staff, unpaid_order["id"])

    # then
    assert confirmed["status"] == "UNFULFILLED"
    mine = flows.loyalty(loyalty_route, MY_ORDERS, user=customer_user)["myLoyalty"]
    assert mine["pendingPoints"] == 80
    assert mine["orders"] == [{
        "orderNumber": unpaid_order["number"], "state": "PENDING", "points": 80,
        "message": "80 points, pending through the return window.",
    }]
    staff_view = flows.gql(users_staff, ACCOUNT_ORDERS, {
        "email": customer_user.email, "channel": shop.channel.slug})["loyaltyAccount"]
    assert staff_view["orders"] == mine["orders"]


def test_order_confirmed_before_payment_earns_once_marked_as_paid(
    unpaid_order, order_staff, customer_user, loyalty_route
):
    # given: confirmed, not paid
    flows.confirm(order_staff, unpaid_order["id"])
    awaiting = flows.loyalty(loyalty_route, MY_ORDERS, user=customer_user)["myLoyalty"]

    # when
    flows.mark_as_paid(order_staff, unpaid_order["id"])

    # then
    [state] = awaiting["orders"]
    assert (state["state"], state["points"]) == ("AWAITING_PAYMENT", 0)
    assert "90" in state["message"]
    mine = flows.loyalty(loyalty_route, MY_ORDERS, user=customer_user)["myLoyalty"]
    assert (mine["pendingPoints"], mine["orders"][0]["state"]) == (80, "PENDING")


def test_cancelled_unpaid_order_says_it_earns_nothing(
    unpaid_order, order_staff, customer_user, loyalty_route
):
    # when
    flows.cancel(order_staff, unpaid_order["id"])

    # then
    [state] = flows.loyalty(loyalty_route, MY_ORDERS, user=customer_user)["myLoyalty"]["orders"]
    assert (state["state"], state["points"]) == ("CANCELLED", 0)
