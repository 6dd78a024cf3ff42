"""Paying with points at checkout: a gift card assigned to the customer on their
Saleor 3 checkout, combined with the tier voucher; the points come back when the
redemption is cancelled, the checkout abandoned, the order cancelled or refunded."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.giftcard.models import GiftCard

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.models import LoyaltyRedemption
from saleor_loyalty_plugin.tasks import release_matured_points_task

from . import flows
from .conftest import LoyaltyRoute
from .flows import money

pytestmark = pytest.mark.django_db

REDEEM = """
mutation Redeem($checkoutId: ID!, $points: Int!) {
  loyaltyRedeemPoints(checkoutId: $checkoutId, points: $points) {
    account { pointsBalance }
    redemption { points amount currency state }
    errors { field code message }
  }
}"""
CANCEL = """
mutation Cancel($checkoutId: ID!) {
  loyaltyCancelRedemption(checkoutId: $checkoutId) {
    account { pointsBalance } errors { field code message }
  }
}"""
ADJUST = """
mutation Adjust($email: String!, $points: Int!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Welcome") {
    account { pointsBalance } errors { field code message }
  }
}"""
SET_GOLD = """
mutation Gold($email: String!) {
  loyaltySetTier(email: $email, tier: "gold", reason: "VIP") { errors { field code message } }
}"""
MY_LOYALTY = """
query { myLoyalty { pointsBalance pendingPoints
  transactions(first: 10) { edges { node { kind points } } } } }"""
GOLD = [{"name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
         "discount_percent": 10, "discount_min_order": 50}]
REDEEM_RULES = {"redeem_points_per_currency_unit": "100", "redeem_min_points": "100",
                "redeem_step": "100", "redeem_max_order_percent": "50"}


def give_points(users_staff, customer, points):
    """Staff give points through Saleor's /graphql/ (merged loyalty fields)."""
    payload = flows.mutate(users_staff, ADJUST, {"email": customer.email, "points": points})
    return payload["account"]["pointsBalance"]


@pytest.fixture
def member_with_points(enable_loyalty, users_staff, customer_user, merged_graphql, shop):
    """800 points on a channel with the Gold ladder; 100 points = $1."""
    enable_loyalty(tiers=json.dumps(GOLD), **REDEEM_RULES)
    assert give_points(users_staff, customer_user, 800) == 800
    return customer_user


def redeem(loyalty_route, user, checkout_id, points):
    _, body = loyalty_route.post(REDEEM, {"checkoutId": checkout_id, "points": points}, user=user)
    return body["data"]["loyaltyRedeemPoints"]


def my_loyalty(loyalty_route, user):
    return flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]


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


def test_a_refund_gives_back_points_in_proportion(
    member_with_points, shop, user_api_client, payment_app, order_staff, loyalty_route
):
    # given: $80 + $10 shipping, $5 of it paid with 500 points, $85 charged
    started = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, started["id"])
    assert redeem(loyalty_route, member_with_points, started["id"], 500)["errors"] == []
    flows.pay(payment_app, started["id"], flows.total_of(user_api_client, started["id"]))
    order = flows.complete(user_api_client, started["id"])
    earned = my_loyalty(loyalty_route, member_with_points)

    # when: the payment app refunds a quarter of the money ($21.25 of $85)
    flows.report(payment_app, flows.transaction_of(order_staff, order["id"]), "REFUND_SUCCESS",
                 "21.25")

    # then: a quarter of the 500 points come back, a quarter of the 75 earned go
    assert (earned["pointsBalance"], earned["pendingPoints"]) == (300, 75)
    loyalty = my_loyalty(loyalty_route, member_with_points)
    assert (loyalty["pointsBalance"], loyalty["pendingPoints"]) == (300 + 125, 75 - 19)
    redemption = LoyaltyRedemption.objects.get()
    assert (redemption.state, redemption.points_returned) == ("spent", 125)


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


def test_cancelling_the_redemption_or_abandoning_the_checkout_gives_points_back(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given: two open checkouts of the same customer
    first = flows.start_checkout(user_api_client, shop, 8)
    second = flows.start_checkout(user_api_client, shop, 8)

    # when: one redemption is cancelled, the other checkout is left for 73 hours
    redeem(loyalty_route, member_with_points, first["id"], 300)
    _, cancelled = loyalty_route.post(CANCEL, {"checkoutId": first["id"]},
                                      user=member_with_points)
    redeem(loyalty_route, member_with_points, second["id"], 400)
    held = my_loyalty(loyalty_route, member_with_points)["pointsBalance"]
    with freeze_time(timezone.now() + timedelta(hours=73)):
        release_matured_points_task.apply()

    # then
    cancelled = cancelled["data"]["loyaltyCancelRedemption"]
    assert cancelled["errors"] == [] and cancelled["account"]["pointsBalance"] == 800
    assert flows.total_of(user_api_client, first["id"]) == 80
    assert held == 400
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 800
    assert flows.checkout_state(user_api_client, second["id"])["giftCards"] == []
    assert not GiftCard.objects.filter(is_active=True).exists()
    assert sorted(LoyaltyRedemption.objects.values_list("state", flat=True)) == [
        "returned", "returned"]


def test_a_checkout_that_is_gone_gives_its_points_back_at_the_next_sweep(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given: points on a checkout that Saleor then deletes (e.g. its expiry job)
    from saleor.checkout.models import Checkout

    started = flows.start_checkout(user_api_client, shop, 8)
    redeem(loyalty_route, member_with_points, started["id"], 300)
    Checkout.objects.filter(token=started["token"]).delete()

    # when: the sweep runs, well within 72 hours
    release_matured_points_task.apply()

    # then
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 800
    assert not GiftCard.objects.filter(is_active=True).exists()


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


LINES_UPDATE = """
mutation Lines($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) { checkout { id } errors { field code message } }
}"""
REMOVE_PROMO = """
mutation Remove($id: ID!, $code: String!) {
  checkoutRemovePromoCode(id: $id, promoCode: $code) { checkout { id } errors { field code } }
}"""


def held_card(redemption_points):
    redemption = LoyaltyRedemption.objects.get(state="held", points=redemption_points)
    return GiftCard.objects.get(code=redemption.gift_card_code)


def test_a_points_card_typed_on_another_checkout_of_its_owner_is_taken_off(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given: 500 points on checkout A, whose gift-card code its owner can read
    first = flows.start_checkout(user_api_client, shop, 8)
    second = flows.start_checkout(user_api_client, shop, 8)
    redeem(loyalty_route, member_with_points, first["id"], 500)
    code = held_card(500).code

    # when: the owner types that code on checkout B
    flows.add_promo_code(user_api_client, second["id"], code)

    # then: it stays paying on A only
    assert flows.checkout_state(user_api_client, second["id"])["giftCards"] == []
    assert flows.total_of(user_api_client, second["id"]) == 80
    assert flows.total_of(user_api_client, first["id"]) == 75
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 300


def test_points_come_back_only_for_card_value_nobody_spent(
    member_with_points, update_loyalty, shop, user_api_client, payment_app, loyalty_route
):
    # given: 500 points ($5) on checkout A; while the program is switched off in
    # the channel (no hooks), the owner puts A's card on checkout B and buys
    first = flows.start_checkout(user_api_client, shop, 8)
    redeem(loyalty_route, member_with_points, first["id"], 500)
    card = held_card(500)
    update_loyalty(active=False)
    second = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, second["id"])
    flows.add_promo_code(user_api_client, second["id"], card.code)
    flows.pay(payment_app, second["id"], flows.total_of(user_api_client, second["id"]))
    order = flows.complete(user_api_client, second["id"])
    card.refresh_from_db()
    assert order["id"] and card.current_balance_amount == 0  # the card paid $5 of B
    update_loyalty(active=True)

    # when: the redemption on A is cancelled
    _, body = loyalty_route.post(CANCEL, {"checkoutId": first["id"]}, user=member_with_points)

    # then: the $5 paid for order B, so no point comes back; the card is retired
    assert body["data"]["loyaltyCancelRedemption"]["errors"] == []
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 300
    redemption = LoyaltyRedemption.objects.get()
    assert (redemption.state, redemption.points_returned) == ("returned", 0)
    card.refresh_from_db()
    assert not card.is_active


def test_the_sweep_spends_a_completed_checkouts_points_on_its_order(
    member_with_points, shop, user_api_client, payment_app, loyalty_route, monkeypatch
):
    # given: 500 points on a checkout that became an order, whose sync has not
    # run yet (the worker is behind); Saleor deleted the checkout
    from saleor_loyalty_plugin import tasks

    started = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, started["id"])
    redeem(loyalty_route, member_with_points, started["id"], 500)
    with monkeypatch.context() as behind:
        behind.setattr(tasks, "order_sync_points", lambda **kwargs: None)
        flows.pay(payment_app, started["id"], flows.total_of(user_api_client, started["id"]))
        order = flows.complete(user_api_client, started["id"])

    # when: the abandoned-checkout sweep runs, then the order's sync
    release_matured_points_task.apply()
    redemption = LoyaltyRedemption.objects.get()
    swept = (redemption.state, redemption.points_returned)
    tasks.sync_order_points_task.apply(args=[flows.pk_of(order["id"])])

    # then: the points paid for the order; nothing came back, nothing twice
    assert swept == ("spent", 0)
    redemption.refresh_from_db()
    assert redemption.order_id == flows.pk_of(order["id"])
    loyalty = my_loyalty(loyalty_route, member_with_points)
    assert (loyalty["pointsBalance"], loyalty["pendingPoints"]) == (300, 75)


def test_when_the_checkout_shrinks_its_points_shrink_to_what_it_allows(
    member_with_points, users_staff, shop, user_api_client, loyalty_route
):
    # given: 3000 more points; $30 of them on 8 x $10 (points may pay half)
    give_points(users_staff, member_with_points, 3000)
    started = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, started["id"])
    assert redeem(loyalty_route, member_with_points, started["id"], 3000)["errors"] == []

    # when: the shopper keeps 2 units ($20: points may pay $10)
    flows.mutate(user_api_client, LINES_UPDATE, {
        "id": started["id"], "lines": [{"variantId": shop.variant_id, "quantity": 2}]})

    # then: 1000 points stay on it, 2000 come back; points never pay shipping
    held = LoyaltyRedemption.objects.get(state="held")
    assert (held.points, held.amount) == (1000, 10)
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 3800 - 1000
    assert flows.total_of(user_api_client, started["id"]) == 20 - 10 + 10
    assert len(flows.checkout_state(user_api_client, started["id"])["giftCards"]) == 1


def test_taking_the_points_card_off_the_checkout_gives_the_points_back(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given
    started = flows.start_checkout(user_api_client, shop, 8)
    redeem(loyalty_route, member_with_points, started["id"], 500)

    # when: the shopper removes the card with Saleor's own mutation
    flows.mutate(user_api_client, REMOVE_PROMO, {"id": started["id"],
                                                 "code": held_card(500).code})

    # then
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 800
    assert LoyaltyRedemption.objects.get().state == "returned"
    assert flows.total_of(user_api_client, started["id"]) == 80


def test_checkout_complete_refuses_points_redeemed_on_another_checkout(
    member_with_points, shop, user_api_client, payment_app, loyalty_route
):
    # given: A's points card found on checkout B (put there where no hook ran)
    from saleor.checkout.models import Checkout

    first = flows.start_checkout(user_api_client, shop, 8)
    redeem(loyalty_route, member_with_points, first["id"], 500)
    second = flows.start_checkout(user_api_client, shop, 8)
    flows.choose_delivery(user_api_client, second["id"])
    Checkout.objects.get(token=second["token"]).gift_cards.add(held_card(500))
    flows.pay(payment_app, second["id"], 85)

    # when
    data = flows.gql(user_api_client, flows.COMPLETE, {"id": second["id"]})["checkoutComplete"]

    # then: refused with a clear message; the card still pays only on A
    assert data["order"] is None
    assert [e["message"] for e in data["errors"]] == [
        "These points were redeemed on another checkout; they pay only there."]
    assert held_card(500).current_balance_amount == 5


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


def _returns_ledger():
    """What the closures wrote: the return rows, the balances, the redemptions."""
    from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyTransaction

    rows = sorted(LoyaltyTransaction.objects.filter(kind="redeem_return")
                  .values_list("account_id", "points", "idempotency_key", "reason", "status"))
    balances = sorted(LoyaltyAccount.objects.values_list(
        "pk", "points_available", "points_pending", "points_lifetime"))
    redemptions = sorted(LoyaltyRedemption.objects.values_list("pk", "state", "points_returned"))
    return rows, balances, redemptions


def test_a_sweep_of_many_redemptions_writes_the_ledger_closing_them_one_by_one_would(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given: 100 points on each of five checkouts, left for 73 hours; one card
    # paid $0.40 of an order elsewhere (its balance as Saleor leaves it)
    from django.db import transaction

    from saleor_loyalty_plugin.redemption import services

    checkouts = [flows.start_checkout(user_api_client, shop, 8) for _ in range(5)]
    for started in checkouts:
        assert redeem(loyalty_route, member_with_points, started["id"], 100)["errors"] == []
    spent = LoyaltyRedemption.objects.order_by("pk")[2]
    GiftCard.objects.filter(code=spent.gift_card_code).update(current_balance_amount="0.60")
    later = timezone.now() + timedelta(hours=73)

    # when: closing them one by one (rolled back), then the sweep, then the sweep again
    with transaction.atomic():
        for redemption in LoyaltyRedemption.objects.select_for_update().order_by("pk"):
            services.return_unspent(redemption, reason="Checkout abandoned", now=later)
        one_by_one = _returns_ledger()
        transaction.set_rollback(True)
    assert not GiftCard.objects.filter(is_active=False).exists()
    closed = services.release_abandoned_redemptions(now=later, chunk_size=2)
    swept = _returns_ledger()
    again = services.release_abandoned_redemptions(now=later, chunk_size=2)
    _, cancelled = loyalty_route.post(CANCEL, {"checkoutId": checkouts[0]["id"]},
                                      user=member_with_points)

    # then: the same rows, keys, reasons and balances; 4 x 100 + 60 back, once
    assert (closed, again) == (5, 0)
    assert swept == one_by_one
    assert [points for _, points, _, _, _ in swept[0]] == [60, 100, 100, 100, 100]
    assert "of the points had already been spent" in swept[0][0][3]
    assert cancelled["data"]["loyaltyCancelRedemption"]["errors"][0]["code"] == "NOT_FOUND"
    assert _returns_ledger() == swept
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 300 + 460
    assert not GiftCard.objects.filter(is_active=True).exists()
    for started in checkouts:
        assert flows.checkout_state(user_api_client, started["id"])["giftCards"] == []


@pytest.mark.django_db(transaction=True)
def test_a_sweep_racing_a_cancel_returns_each_point_once(
    member_with_points, shop, user_api_client, loyalty_route
):
    # given: 100 points on each of four checkouts, left for 73 hours
    import threading

    from django.conf import settings
    from django.db import connections

    from saleor_loyalty_plugin.redemption import services

    checkouts = [flows.start_checkout(user_api_client, shop, 8) for _ in range(4)]
    for started in checkouts:
        assert redeem(loyalty_route, member_with_points, started["id"], 100)["errors"] == []
    later = timezone.now() + timedelta(hours=73)
    barrier = threading.Barrier(3)
    outcomes = {}

    def run(name, work):
        try:
            connections[settings.DATABASE_CONNECTION_REPLICA_NAME].settings_dict = (
                connections[settings.DATABASE_CONNECTION_DEFAULT_NAME].settings_dict)
            barrier.wait()
            outcomes[name] = work()
        finally:
            connections.close_all()

    def cancel():
        _, body = LoyaltyRoute(shop.channel.slug).post(
            CANCEL, {"checkoutId": checkouts[1]["id"]}, user=member_with_points)
        return body["data"]["loyaltyCancelRedemption"]["errors"]

    # when: two sweeps and a cancel at the same moment, in three transactions
    threads = [threading.Thread(target=run, args=(name, work)) for name, work in (
        ("sweep 1", lambda: services.release_abandoned_redemptions(now=later)),
        ("sweep 2", lambda: services.release_abandoned_redemptions(now=later)),
        ("cancel", cancel))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then: every redemption closed once, 400 points back, no more
    cancelled = outcomes["cancel"] == []
    assert outcomes["sweep 1"] + outcomes["sweep 2"] + (1 if cancelled else 0) == 4
    assert my_loyalty(loyalty_route, member_with_points)["pointsBalance"] == 800
    rows, _, redemptions = _returns_ledger()
    assert [points for _, points, _, _, _ in rows] == [100] * 4
    assert {state for _, state, _ in redemptions} == {"returned"}
