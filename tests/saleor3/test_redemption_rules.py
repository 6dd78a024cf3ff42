"""Paying with points at checkout on Saleor 3: a gift card assigned to the customer on
their checkout, combined with the tier voucher, in the checkout's own channel and at its
rate, capped to a share of the goods after the member's voucher; bad amounts, someone
else's checkout and a second simultaneous redemption of the same points are refused, and
redeeming again replaces the first redemption. The card itself: test_redemption_card.py;
points coming back: test_redemption_returns.py."""
import pytest

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.models import LoyaltyRedemption

from . import flows
from .conftest import LoyaltyRoute
from .flows import money
from .redemption_helpers import REDEEM_RULES, SET_GOLD, give_points, my_loyalty, redeem

pytestmark = pytest.mark.django_db


def test_redeeming_500_points_combines_with_the_tier_discount_and_earns_nothing_on_it(
    member_with_points, users_staff, shop, user_api_client, payment_app, order_staff,
    loyalty_route,
):
    # given: Gold (10% over $50) and 800 points; 8 x $10 and $10 shipping
    flows.mutate(users_staff, SET_GOLD, {"email": member_with_points.email})
    started = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, started["id"])

    # when
    result = redeem(loyalty_route, member_with_points, started["id"], 500)
    state = flows.checkout_state(user_api_client, started["id"])
    flows.pay(payment_app, started["id"], money(state["totalPrice"]["gross"]["amount"]))
    order = flows.complete(user_api_client, started["id"])

    # then: $80 - 10% ($8) - $5.00 of points + $10 shipping
    assert result["errors"] == []
    assert result["redemption"] == {"points": 500, "amount": 5.0, "currency": "USD",
                                    "state": "HELD"}
    assert result["account"]["pointsBalance"] == 300
    assert money(state["totalPrice"]["gross"]["amount"]) == 77
    assert state["voucherCode"].startswith("LY") and len(state["giftCards"]) == 1
    assert [money(d["amount"]["amount"]) for d in order["discounts"]] == [8]
    assert LoyaltyRedemption.objects.get().state == "spent"
    loyalty = my_loyalty(loyalty_route, member_with_points)
    # points on money actually paid: $77 - $10 shipping (the $5 of points earns nothing)
    assert loyalty["pendingPoints"] == 67
    kinds = [e["node"]["kind"] for e in loyalty["transactions"]["edges"]]
    assert kinds[:2] == ["EARN", "REDEEM"]

    # when: the order is cancelled
    flows.cancel(order_staff, order["id"])

    # then: the 500 points come back and the earned ones go
    loyalty = my_loyalty(loyalty_route, member_with_points)
    assert (loyalty["pointsBalance"], loyalty["pendingPoints"]) == (800, 0)


@pytest.mark.parametrize(
    "points, code, words",
    [
        (50, "INVALID", "at least 100"),
        (250, "INVALID", "steps of 100"),
        (900, "INSUFFICIENT_POINTS", "800 points available"),
        (-5, "INVALID", "positive"),
    ],
)
def test_bad_redemptions_are_refused(member_with_points, shop, user_api_client, loyalty_route,
                                     points, code, words):
    # given
    started = flows.start_checkout(user_api_client, shop, 8)

    # when
    result = redeem(loyalty_route, member_with_points, started["id"], points)

    # then
    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("points", code)
    assert words in error["message"]
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 800
    assert flows.checkout_state(user_api_client, started["id"])["giftCards"] == []


REDEEM_IN = """
mutation Redeem($checkoutId: ID!, $points: Int!, $channel: String) {
  loyaltyRedeemPoints(checkoutId: $checkoutId, points: $points, channel: $channel) {
    account { channel pointsBalance }
    redemption { points amount currency state }
    errors { field code message }
  }
}"""
ADJUST_IN = """
mutation Adjust($email: String!, $points: Int!, $channel: String) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Welcome", channel: $channel) {
    account { pointsBalance } errors { field code message }
  }
}"""


@pytest.fixture
def points_in_two_channels(enable_loyalty, staff_api_client, users_staff, customer_user,
                           merged_graphql, shop, channel_PLN):
    """800 points in the shop's USD channel (100 points = $1) and 5000 in PLN (1 point = 1 PLN)."""
    enable_loyalty(**REDEEM_RULES)
    flows.mutate(staff_api_client, flows.PLUGIN_UPDATE, {
        "id": PLUGIN_ID, "channelId": flows.to_global_id("Channel", channel_PLN.pk),
        "input": {"active": True, "configuration": [
            {"name": "redeem_points_per_currency_unit", "value": "1"},
            {"name": "redeem_min_points", "value": "1"},
            {"name": "redeem_step", "value": "1"},
            {"name": "redeem_max_order_percent", "value": "100"}]},
    })
    for channel, points in ((shop.channel.slug, 800), (channel_PLN.slug, 5000)):
        flows.mutate(users_staff, ADJUST_IN,
                     {"email": customer_user.email, "points": points, "channel": channel})
    return customer_user


def test_redemption_uses_the_checkouts_own_channel(
    points_in_two_channels, shop, user_api_client, loyalty_route, channel_PLN
):
    # given: a checkout in the USD channel
    customer = points_in_two_channels
    started = flows.start_checkout(user_api_client, shop, 8)
    pln_route = LoyaltyRoute(channel_PLN.slug)

    def redeem_in(channel, points):
        _, body = loyalty_route.post(REDEEM_IN, {"checkoutId": started["id"], "points": points,
                                                 "channel": channel}, user=customer)
        return body["data"]["loyaltyRedeemPoints"]

    # when: the shopper asks to spend 50 PLN points (1 point = 1 PLN) on it, as $50
    refused = redeem_in(channel_PLN.slug, 50)

    # then: refused, and nothing moved in either channel
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("channel", "INVALID")]
    assert refused["redemption"] is None
    assert flows.checkout_state(user_api_client, started["id"])["giftCards"] == []
    assert not LoyaltyRedemption.objects.exists()
    assert my_loyalty(pln_route, customer)["pointsBalance"] == 5000
    assert my_loyalty(loyalty_route, customer)["pointsBalance"] == 800

    # when: the checkout's own channel is named
    accepted = redeem_in(shop.channel.slug, 500)

    # then: the USD points pay, at the USD rate
    assert accepted["errors"] == []
    assert accepted["account"] == {"channel": shop.channel.slug, "pointsBalance": 300}
    assert accepted["redemption"] == {"points": 500, "amount": 5.0, "currency": "USD",
                                      "state": "HELD"}
    assert my_loyalty(pln_route, customer)["pointsBalance"] == 5000


def test_points_may_pay_at_most_the_configured_share(
    enable_loyalty, users_staff, customer_user, merged_graphql, shop, user_api_client,
    loyalty_route,
):
    # given: one $10 unit, points may pay half ($5 = 500 points)
    enable_loyalty(**REDEEM_RULES)
    give_points(users_staff, customer_user, 5000)
    started = flows.start_checkout(user_api_client, shop, 1)

    # when
    result = redeem(loyalty_route, customer_user, started["id"], 600)

    # then
    assert result["errors"][0]["message"] == (
        "At most 500 points can be used on this order (worth 5.00).")


def test_someone_elses_checkout_and_anonymous_are_refused(
    member_with_points, shop, user_api_client, customer_user2, loyalty_route
):
    # given
    started = flows.start_checkout(user_api_client, shop, 8)

    # when
    stolen = redeem(loyalty_route, customer_user2, started["id"], 100)
    anonymous = redeem(loyalty_route, None, started["id"], 100)
    garbage = redeem(loyalty_route, member_with_points, "not-an-id", 100)

    # then
    assert [e["code"] for e in stolen["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in anonymous["errors"]] == ["PERMISSION_DENIED"]
    assert [(e["field"], e["code"]) for e in garbage["errors"]] == [("checkoutId", "INVALID")]
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 800


def test_redeeming_again_on_the_same_checkout_replaces_the_first_redemption(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given
    started = flows.start_checkout(user_api_client, shop, 8)

    # when
    redeem(loyalty_route, member_with_points, started["id"], 300)
    second = redeem(loyalty_route, member_with_points, started["id"], 600)

    # then
    assert second["errors"] == [] and second["account"]["pointsBalance"] == 200
    assert flows.total_of(user_api_client, started["id"]) == 74
    assert len(flows.checkout_state(user_api_client, started["id"])["giftCards"]) == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_redemptions_of_the_same_points_cannot_both_succeed(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given: 800 points and two checkouts, each redeeming 500 at the same moment
    import threading

    from django.conf import settings
    from django.db import connections

    from .conftest import LoyaltyRoute

    checkouts = [flows.start_checkout(user_api_client, shop, 8) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = [None, None]

    def attempt(index):
        try:
            # Saleor's test replica mirrors the test database in the main thread only.
            connections[settings.DATABASE_CONNECTION_REPLICA_NAME].settings_dict = (
                connections[settings.DATABASE_CONNECTION_DEFAULT_NAME].settings_dict)
            route = LoyaltyRoute(shop.channel.slug)
            barrier.wait()
            results[index] = redeem(route, member_with_points, checkouts[index]["id"], 500)
        finally:
            connections.close_all()

    # when: two real HTTP requests in two threads, two DB transactions
    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    outcomes = sorted(tuple(e["code"] for e in result["errors"]) for result in results)
    assert outcomes == [(), ("INSUFFICIENT_POINTS",)]
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 300
    assert LoyaltyRedemption.objects.filter(state="held").count() == 1


def test_points_may_pay_a_share_of_the_goods_after_the_members_voucher(
    member_with_points, users_staff, shop, user_api_client, loyalty_route
):
    # given: Gold takes 10% ($8) off 8 x $10, so the goods cost $72; points may pay half
    give_points(users_staff, member_with_points, 9200)
    flows.mutate(users_staff, SET_GOLD, {"email": member_with_points.email})
    started = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, started["id"])
    assert flows.checkout_state(user_api_client, started["id"])["voucherCode"].startswith("LY")

    # when: half of $80 (the goods before the voucher), then half of $72
    too_many = redeem(loyalty_route, member_with_points, started["id"], 4000)
    fitting = redeem(loyalty_route, member_with_points, started["id"], 3600)

    # then: the same base as on Saleor 2.10: the goods after every discount
    assert [e["code"] for e in too_many["errors"]] == ["INVALID"]
    assert "3600" in too_many["errors"][0]["message"]
    assert fitting["errors"] == [] and fitting["redemption"]["amount"] == 36.0
