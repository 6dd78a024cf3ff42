"""Saleor 3: paid orders earn points, cancellation takes them back, the plugin
route serves the loyalty API per channel, and configuration is validated."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.tasks import release_matured_points_task

pytestmark = pytest.mark.django_db

MARK_AS_PAID = """
mutation MarkAsPaid($id: ID!) {
  orderMarkAsPaid(id: $id) { order { id isPaid } errors { field code message } }
}"""
ORDER_CANCEL = """
mutation Cancel($id: ID!) { orderCancel(id: $id) { order { status } errors { field code } } }"""
MY_LOYALTY = """
query { myLoyalty { email pointsBalance pendingPoints lifetimePoints
  transactions(first: 5) { totalCount edges { node { kind points status order { number } } } } } }"""
PROGRAM = "query { loyaltyProgram { channel isActive pointsPerCurrencyUnit pendingDays } }"


def mark_paid(staff_api_client, permission_group_manage_orders, order, committed):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    with committed(execute=True):
        response = staff_api_client.post_graphql(
            MARK_AS_PAID, {"id": to_global_id("Order", order.pk)}
        )
    body = response.json()
    assert body.get("data") and body["data"]["orderMarkAsPaid"], body
    data = body["data"]["orderMarkAsPaid"]
    assert data["errors"] == []
    return data


def expected_points(order):
    return int(order.total_gross_amount - order.shipping_price_gross_amount)


def test_marking_an_order_paid_earns_pending_points_shown_at_the_plugin_route(
    enable_loyalty, staff_api_client, permission_group_manage_orders, order_with_lines,
    customer_user, loyalty_route, committed,
):
    # given
    enable_loyalty(points_per_currency_unit="1", pending_days="30")

    # when
    mark_paid(staff_api_client, permission_group_manage_orders, order_with_lines, committed)

    # then
    status, body = loyalty_route.post(MY_LOYALTY, user=customer_user)
    assert status == 200, body
    loyalty = body["data"]["myLoyalty"]
    assert loyalty["pendingPoints"] == expected_points(order_with_lines) > 0
    assert loyalty["pointsBalance"] == 0
    assert loyalty["transactions"]["edges"][0]["node"]["order"] == {
        "number": str(order_with_lines.number)
    }


def test_points_mature_and_cancellation_claws_back(
    enable_loyalty, staff_api_client, permission_group_manage_orders, order_with_lines,
    customer_user, loyalty_route, committed,
):
    # given
    enable_loyalty(pending_days="14")
    mark_paid(staff_api_client, permission_group_manage_orders, order_with_lines, committed)
    with freeze_time(timezone.now() + timedelta(days=15)):
        release_matured_points_task.apply()
    matured = loyalty_route.post(MY_LOYALTY, user=customer_user)[1]["data"]["myLoyalty"]

    # when
    with committed(execute=True):
        response = staff_api_client.post_graphql(
            ORDER_CANCEL, {"id": to_global_id("Order", order_with_lines.pk)}
        )

    # then
    assert response.json()["data"]["orderCancel"]["errors"] == [], response.json()
    order_with_lines.refresh_from_db()
    assert order_with_lines.status == "canceled"
    assert matured["pointsBalance"] == expected_points(order_with_lines)
    loyalty = loyalty_route.post(MY_LOYALTY, user=customer_user)[1]["data"]["myLoyalty"]
    assert (loyalty["pointsBalance"], loyalty["lifetimePoints"]) == (0, 0)
    kinds = sorted(e["node"]["kind"] for e in loyalty["transactions"]["edges"])
    assert kinds == ["CLAWBACK", "EARN"]


def test_hooks_delivered_again_award_once(
    enable_loyalty, staff_api_client, permission_group_manage_orders, order_with_lines, committed
):
    # given
    enable_loyalty()
    mark_paid(staff_api_client, permission_group_manage_orders, order_with_lines, committed)
    from saleor.plugins.manager import get_plugins_manager

    # when
    manager = get_plugins_manager(allow_replica=False)
    with committed(execute=True):
        for _ in range(2):
            manager.order_updated(order_with_lines)
            manager.order_fully_paid(order_with_lines)
            manager.order_paid(order_with_lines)

    # then
    rows = LoyaltyTransaction.objects.filter(order_id=str(order_with_lines.pk))
    assert [row.kind for row in rows] == ["earn"]


def test_anonymous_gets_null_and_program_is_public(enable_loyalty, loyalty_route, channel_USD):
    # given
    enable_loyalty(points_per_currency_unit="2")

    # when
    _, anonymous = loyalty_route.post(MY_LOYALTY)
    _, program = loyalty_route.post(PROGRAM)

    # then
    assert anonymous["data"] == {"myLoyalty": None}
    assert program["data"]["loyaltyProgram"] == {
        "channel": channel_USD.slug, "isActive": True, "pointsPerCurrencyUnit": 2.0,
        "pendingDays": 30,
    }


def test_plugin_route_is_closed_while_the_plugin_is_off(
    loyalty_installed, loyalty_route
):
    status, _ = loyalty_route.post(PROGRAM)
    assert status == 404


def test_bad_channel_configuration_is_refused_and_old_one_kept(update_loyalty, loyalty_route):
    # given
    assert update_loyalty(points_per_currency_unit="3")["errors"] == []

    # when
    result = update_loyalty(award_trigger="whenever")

    # then
    [error] = result["errors"]
    assert error["field"] == "awardTrigger" and error["code"] == "INVALID"
    assert "order_fully_paid" in error["message"]
    _, program = loyalty_route.post(PROGRAM)
    assert program["data"]["loyaltyProgram"]["pointsPerCurrencyUnit"] == 3.0


def test_unpaid_order_earns_nothing(enable_loyalty, order_with_lines):
    enable_loyalty()
    from saleor_loyalty_plugin.orders.services import order_sync_points

    order_sync_points(order_id=str(order_with_lines.pk))

    assert not LoyaltyTransaction.objects.exists()
    assert Decimal(order_with_lines.total_gross_amount) > 0


def test_paid_order_lifts_the_customer_into_a_tier(
    enable_loyalty, staff_api_client, permission_group_manage_orders, order_with_lines,
    customer_user, loyalty_route, committed,
):
    # given: one order is enough for Silver on this channel's ladder
    import json

    ladder = [{"name": "Silver", "basis": "orders", "threshold": 1, "window": "lifetime",
               "free_shipping": True},
              {"name": "Gold", "basis": "orders", "threshold": 5, "window": "lifetime"}]
    enable_loyalty(tiers=json.dumps(ladder))

    # when
    mark_paid(staff_api_client, permission_group_manage_orders, order_with_lines, committed)

    # then
    _, body = loyalty_route.post(
        "{ myLoyalty { tier { slug perks { freeShipping } } "
        "progressToNextTier { current required remaining percent } } }",
        user=customer_user,
    )
    assert body["data"]["myLoyalty"] == {
        "tier": {"slug": "silver", "perks": {"freeShipping": True}},
        "progressToNextTier": {"current": 1.0, "required": 5.0, "remaining": 4.0, "percent": 20},
    }


def test_buying_the_membership_product_grants_the_tier(
    enable_loyalty, staff_api_client, permission_group_manage_orders, order_with_lines,
    customer_user, loyalty_route, committed,
):
    # given: one of the order's products is the paid membership
    import json

    sku = order_with_lines.lines.first().product_sku
    ladder = [{"name": "Gold", "basis": "money_spent", "threshold": 100000, "window": "lifetime"}]
    enable_loyalty(tiers=json.dumps(ladder), vip_membership_sku=sku, vip_membership_tier="gold")

    # when
    mark_paid(staff_api_client, permission_group_manage_orders, order_with_lines, committed)

    # then
    _, body = loyalty_route.post("{ myLoyalty { tier { slug } } }", user=customer_user)
    assert body["data"]["myLoyalty"]["tier"] == {"slug": "gold"}

    # when: the membership order is cancelled
    with committed(execute=True):
        response = staff_api_client.post_graphql(
            ORDER_CANCEL, {"id": to_global_id("Order", order_with_lines.pk)}
        )

    # then
    assert response.json()["data"]["orderCancel"]["errors"] == []
    _, body = loyalty_route.post("{ myLoyalty { tier { slug } } }", user=customer_user)
    assert body["data"]["myLoyalty"]["tier"] is None


def test_a_full_punch_card_issues_a_free_unit_voucher_in_the_channel(
    enable_loyalty, staff_api_client, permission_group_manage_orders, order_with_lines,
    customer_user, loyalty_route, committed,
):
    # given: a card on one of the order's products, full after its quantity
    import json

    from saleor.discount.models import VoucherCode

    line = order_with_lines.lines.first()
    card = [{"name": "Regulars", "product_sku": line.product_sku, "goal": line.quantity}]
    enable_loyalty(punch_cards=json.dumps(card))

    # when
    mark_paid(staff_api_client, permission_group_manage_orders, order_with_lines, committed)

    # then
    _, body = loyalty_route.post(
        "{ myLoyalty { punchCards { name progress goal freeUnitCodes } } }", user=customer_user)
    [state] = body["data"]["myLoyalty"]["punchCards"]
    assert (state["progress"], state["goal"]) == (0, line.quantity)
    [code] = state["freeUnitCodes"]
    voucher = VoucherCode.objects.get(code=code).voucher
    assert voucher.type == "specific_product" and voucher.apply_once_per_order
    assert voucher.channel_listings.get().discount_value == 100
