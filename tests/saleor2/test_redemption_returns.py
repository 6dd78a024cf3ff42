"""Redeemed points coming back on Saleor 2.10, through the storefront's GraphQL API: when
the redemption is cancelled or the checkout abandoned; the sweep spends a completed
checkout's points on its order instead, and writes the ledger that closing many
redemptions one by one would, once."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.giftcard.models import GiftCard

from saleor_loyalty_plugin.tasks import release_matured_points_task

from .queries import my_loyalty
from .redemption_helpers import CANCEL, CHECKOUT, another_checkout, redeem, total_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_cancelling_the_redemption_or_abandoning_the_checkout_gives_points_back(
    storefront, graphql, shop, member_with_points
):
    token = member_with_points.token
    first = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    second = another_checkout(storefront, shop, member_with_points)

    redeem(graphql, token, first["id"], 300)
    cancelled = graphql.execute(CANCEL, {"checkoutId": first["id"]}, token)["loyaltyCancelRedemption"]
    redeem(graphql, token, second["id"], 400)
    held = my_loyalty(graphql, token)["pointsBalance"]
    with freeze_time(timezone.now() + timedelta(hours=73)):
        release_matured_points_task.apply()

    assert cancelled["errors"] == [] and cancelled["account"]["pointsBalance"] == 800
    assert total_of(graphql, first, token) == Decimal("216")
    assert held == 400
    assert my_loyalty(graphql, token)["pointsBalance"] == 800
    assert not GiftCard.objects.filter(is_active=True).exists()


def test_the_sweep_spends_a_completed_checkouts_points_on_its_order(
    storefront, graphql, shop, member_with_points, monkeypatch
):
    # given: 500 points on a checkout that became an order whose sync has not run
    from saleor_loyalty_plugin import tasks
    from saleor_loyalty_plugin.models import LoyaltyRedemption

    token = member_with_points.token
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    storefront.choose_shipping(checkout["id"], shop.shipping_method, token=token)
    redeem(graphql, token, checkout["id"], 500)
    with monkeypatch.context() as behind:
        behind.setattr(tasks, "order_sync_points", lambda **kwargs: None)
        order = storefront.pay_and_complete(
            checkout["id"], float(total_of(graphql, checkout, token)), token=token)

    # when: the sweep runs, then the order's sync
    release_matured_points_task.apply()
    swept = LoyaltyRedemption.objects.get().state
    from graphql_relay import from_global_id
    tasks.sync_order_points_task.apply(args=[from_global_id(order["id"])[1]])

    # then: spent on the order, nothing came back
    assert swept == "spent"
    loyalty = my_loyalty(graphql, token)
    assert loyalty["pointsBalance"] == 300 and loyalty["pendingPoints"] > 0


def _returns_ledger():
    from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyRedemption, LoyaltyTransaction

    return (sorted(LoyaltyTransaction.objects.filter(kind="redeem_return")
                   .values_list("account_id", "points", "idempotency_key", "reason")),
            sorted(LoyaltyAccount.objects.values_list("pk", "points_available")),
            sorted(LoyaltyRedemption.objects.values_list("pk", "state", "points_returned")))


def test_a_sweep_of_many_redemptions_writes_the_ledger_closing_them_one_by_one_would(
    storefront, graphql, shop, member_with_points
):
    # given: 100 points on each of three checkouts left for 73 hours; one card
    # paid $0.40 elsewhere (its balance as Saleor leaves it)
    from django.db import transaction

    from saleor_loyalty_plugin.models import LoyaltyRedemption
    from saleor_loyalty_plugin.redemption import services

    token = member_with_points.token
    checkouts = [storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)]
    checkouts += [another_checkout(storefront, shop, member_with_points) for _ in range(2)]
    for checkout in checkouts:
        assert redeem(graphql, token, checkout["id"], 100)["errors"] == []
    spent = LoyaltyRedemption.objects.order_by("pk")[1]
    GiftCard.objects.filter(code=spent.gift_card_code).update(current_balance_amount="0.60")
    later = timezone.now() + timedelta(hours=73)

    # when: one by one (rolled back), then the sweep twice
    with transaction.atomic():
        for redemption in LoyaltyRedemption.objects.select_for_update().order_by("pk"):
            services.return_unspent(redemption, reason="Checkout abandoned", now=later)
        one_by_one = _returns_ledger()
        transaction.set_rollback(True)
    closed = services.release_abandoned_redemptions(now=later, chunk_size=2)
    swept = _returns_ledger()
    again = services.release_abandoned_redemptions(now=later)

    # then: the same ledger, written once; every card off its checkout
    assert (closed, again) == (3, 0)
    assert swept == one_by_one == _returns_ledger()
    assert [points for _, points, _, _ in swept[0]] == [60, 100, 100]
    assert my_loyalty(graphql, token)["pointsBalance"] == 500 + 260
    assert not GiftCard.objects.filter(is_active=True).exists()
    for checkout in checkouts:
        data = graphql.execute(CHECKOUT, {"token": checkout["token"]}, token)["checkout"]
        assert data["giftCards"] == []
