"""The whole path on Saleor 2.10: checkout → pending → available → refund → cancel."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.tasks import release_matured_points_task

from .queries import my_loyalty

pytestmark = pytest.mark.django_db(transaction=True)

def buy_236(storefront, shop, customer):
    jacket = shop.variants["JACKET-WAXED"]
    return storefront.checkout(
        [(jacket, 2)], token=customer.token, shipping_method=shop.shipping_method
    )


def test_paid_checkout_earns_pending_points_on_money_paid_without_shipping(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given
    enable_loyalty(points_per_currency_unit="1", pending_days="30")

    # when
    order = buy_236(storefront, shop, customer)

    # then
    assert Decimal(str(order["total"]["gross"]["amount"])) == Decimal("236")
    loyalty = my_loyalty(graphql, customer.token)
    assert loyalty["pendingPoints"] == 216  # $236 paid less $20 shipping
    assert loyalty["pointsBalance"] == 0
    assert loyalty["lifetimePoints"] == 216
    [edge] = loyalty["transactions"]["edges"]
    assert edge["node"]["kind"] == "EARN"
    assert edge["node"]["status"] == "PENDING"
    assert edge["node"]["order"] == {"number": order["number"]}


def test_points_become_available_after_the_return_window(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given
    enable_loyalty(pending_days="30")
    buy_236(storefront, shop, customer)

    # when: the beat task runs a day before and a day after the window closes
    with freeze_time(timezone.now() + timedelta(days=29)):
        release_matured_points_task.apply()
    still_pending = my_loyalty(graphql, customer.token)
    with freeze_time(timezone.now() + timedelta(days=31)):
        release_matured_points_task.apply()

    # then
    assert still_pending["pendingPoints"] == 216
    loyalty = my_loyalty(graphql, customer.token)
    assert loyalty["pendingPoints"] == 0
    assert loyalty["pointsBalance"] == 216
    assert loyalty["transactions"]["edges"][0]["node"]["status"] == "AVAILABLE"


def test_partial_refund_takes_back_points_in_proportion(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given
    enable_loyalty()
    order = buy_236(storefront, shop, customer)

    # when: $59 of $236 (a quarter) is refunded
    storefront.refund(staff_token, order["id"], Decimal("59.00"))

    # then: a quarter of 216 points is taken back
    loyalty = my_loyalty(graphql, customer.token)
    assert loyalty["pendingPoints"] == 216 - 54
    kinds = [(e["node"]["kind"], e["node"]["points"]) for e in loyalty["transactions"]["edges"]]
    assert kinds == [("CLAWBACK", -54), ("EARN", 216)]


def test_cancelling_an_order_takes_all_its_points_back(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given
    enable_loyalty()
    order = buy_236(storefront, shop, customer)
    storefront.refund(staff_token, order["id"], Decimal("59.00"))

    # when
    storefront.cancel(staff_token, order["id"])

    # then
    loyalty = my_loyalty(graphql, customer.token)
    assert loyalty["pendingPoints"] == 0
    assert loyalty["lifetimePoints"] == 0
    points = sorted(e["node"]["points"] for e in loyalty["transactions"]["edges"])
    assert points == [-162, -54, 216]


def test_the_same_hook_delivered_twice_awards_once(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given
    enable_loyalty()
    order = buy_236(storefront, shop, customer)
    from saleor.order.models import Order
    from saleor.plugins.manager import get_plugins_manager

    saleor_order = Order.objects.get(pk=order["number"])

    # when: Saleor delivers every order hook again, twice, in another order
    manager = get_plugins_manager()
    for _ in range(2):
        manager.order_updated(saleor_order)
        manager.order_fully_paid(saleor_order)
        manager.order_created(saleor_order)

    # then
    assert my_loyalty(graphql, customer.token)["pendingPoints"] == 216
    assert LoyaltyTransaction.objects.filter(order_id=str(saleor_order.pk)).count() == 1


def test_authorized_payment_earns_only_once_staff_captures_it(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given: the gateway only authorizes ("not-charged")
    enable_loyalty()
    jacket = shop.variants["JACKET-WAXED"]
    order = storefront.checkout(
        [(jacket, 2)],
        token=customer.token,
        shipping_method=shop.shipping_method,
        payment_token="not-charged",
    )
    before_capture = my_loyalty(graphql, customer.token)

    # when
    storefront.capture(staff_token, order["id"], Decimal("236.00"))

    # then
    assert before_capture["pendingPoints"] == 0
    assert my_loyalty(graphql, customer.token)["pendingPoints"] == 216


def test_fulfilled_trigger_waits_for_shipment(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given
    enable_loyalty(award_trigger="order_fulfilled")
    order = buy_236(storefront, shop, customer)
    paid_only = my_loyalty(graphql, customer.token)

    # when
    storefront.fulfill_all(staff_token, order["id"], shop.warehouse)

    # then
    assert paid_only["pendingPoints"] == 0
    assert my_loyalty(graphql, customer.token)["pendingPoints"] == 216


def test_inactive_plugin_awards_nothing(storefront, graphql, shop, customer, staff_token):
    # given: the plugin is installed but never switched on

    # when
    buy_236(storefront, shop, customer)

    # then
    loyalty = my_loyalty(graphql, customer.token)
    assert (loyalty["pendingPoints"], loyalty["transactions"]["totalCount"]) == (0, 0)


def test_shipping_earns_when_the_merchant_includes_it(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given
    enable_loyalty(include_shipping="true", points_per_currency_unit="2")

    # when
    buy_236(storefront, shop, customer)

    # then
    assert my_loyalty(graphql, customer.token)["pendingPoints"] == 472


def test_gift_card_part_earns_nothing(storefront, graphql, shop, enable_loyalty, customer):
    # given: a $100 gift card pays part of the $236 order
    from saleor.giftcard.models import GiftCard

    enable_loyalty()
    GiftCard.objects.create(
        code="GIFT-100", initial_balance_amount=Decimal("100"),
        current_balance_amount=Decimal("100"), currency="USD",
    )
    jacket = shop.variants["JACKET-WAXED"]

    # when
    order = storefront.checkout(
        [(jacket, 2)], token=customer.token, shipping_method=shop.shipping_method,
        promo_code="GIFT-100",
    )

    # then: $136 of money, less $20 shipping, earns
    assert Decimal(str(order["total"]["gross"]["amount"])) == Decimal("136")
    assert my_loyalty(graphql, customer.token)["pendingPoints"] == 116
