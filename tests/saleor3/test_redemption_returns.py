"""Redeemed points coming back on Saleor 3: in proportion to a refund, when the
redemption is cancelled, and at the sweep when the checkout is abandoned or gone; the
sweep spends a completed checkout's points on its order instead, writes the ledger that
closing the redemptions one by one would, and returns each point once when it races a
cancel."""
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.giftcard.models import GiftCard

from saleor_loyalty_plugin.models import LoyaltyRedemption
from saleor_loyalty_plugin.tasks import release_matured_points_task

from . import flows
from .conftest import LoyaltyRoute
from .redemption_helpers import CANCEL, my_loyalty, redeem

pytestmark = pytest.mark.django_db


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
