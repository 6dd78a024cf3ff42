"""Paying with points at checkout, through the storefront's GraphQL API (Saleor 2.10)."""
import json
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from saleor.giftcard.models import GiftCard

from demo.saleor2.storefront import GraphQLClient
from saleor_loyalty_plugin.tasks import release_matured_points_task

from .queries import ADJUST, my_loyalty

pytestmark = pytest.mark.django_db(transaction=True)

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
CHECKOUT = """
query Checkout($token: UUID!) {
  checkout(token: $token) { totalPrice { gross { amount } } giftCards { code } }
}"""
GOLD = [{"name": "Gold", "basis": "orders", "threshold": 100, "window": "lifetime",
         "discount_percent": 10, "discount_min_order": 200}]
REDEEM_RULES = {"redeem_points_per_currency_unit": "100", "redeem_min_points": "100",
                "redeem_step": "100", "redeem_max_order_percent": "50"}


@pytest.fixture
def member_with_points(graphql, enable_loyalty, customer, staff_token):
    enable_loyalty(tiers=json.dumps(GOLD), **REDEEM_RULES)
    data = graphql.execute(ADJUST, {"email": customer.email, "points": 800, "reason": "Welcome"},
                           staff_token)["loyaltyAdjustPoints"]
    assert data["errors"] == []
    return customer


def another_checkout(storefront, shop, customer):
    """A second open checkout of the same customer.

    Saleor 2.10's checkoutCreate hands a signed-in customer back their open
    checkout, so the second one starts as a guest checkout and is then given
    to the customer (as a storefront that merges carts on sign-in would).
    """
    from saleor.account.models import User
    from saleor.checkout.models import Checkout

    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)],
                                         email=customer.email)
    Checkout.objects.filter(token=checkout["token"]).update(
        user=User.objects.get(email=customer.email))
    return checkout


def redeem(graphql, token, checkout_id, points):
    return graphql.execute(REDEEM, {"checkoutId": checkout_id, "points": points}, token)[
        "loyaltyRedeemPoints"]


def total_of(graphql, checkout, token):
    data = graphql.execute(CHECKOUT, {"token": checkout["token"]}, token)["checkout"]
    return Decimal(str(data["totalPrice"]["gross"]["amount"]))


def test_redeeming_500_points_combines_with_the_tier_discount_and_earns_nothing_on_it(
    storefront, graphql, shop, member_with_points, staff_token
):
    # given: Gold (10% over $200) and 800 points; 100 points = $1
    token = member_with_points.token
    graphql.execute("""mutation { loyaltySetTier(email: "%s", tier: "gold", reason: "VIP")
                       { errors { field } } }""" % member_with_points.email, token=staff_token)
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    storefront.choose_shipping(checkout["id"], shop.shipping_method, token=token)

    # when
    result = redeem(graphql, token, checkout["id"], 500)
    total = total_of(graphql, checkout, token)
    order = storefront.pay_and_complete(checkout["id"], float(total), token=token)

    # then: $216 - 10% ($21.60) - $5.00 of points + $20 shipping
    assert result["errors"] == []
    assert result["redemption"] == {"points": 500, "amount": 5.0, "currency": "USD", "state": "HELD"}
    assert result["account"]["pointsBalance"] == 300
    assert total == Decimal("209.40")
    assert Decimal(str(order["discount"]["amount"])) == Decimal("21.60")
    loyalty = my_loyalty(graphql, token)
    # points on money actually paid: $209.40 - $20 shipping (the $5 of points earns nothing)
    assert loyalty["pendingPoints"] == 189
    kinds = [e["node"]["kind"] for e in loyalty["transactions"]["edges"]]
    assert kinds[:2] == ["EARN", "REDEEM"]

    # when: the order is cancelled
    storefront.cancel(staff_token, order["id"])

    # then: the 500 points come back and the earned ones go
    loyalty = my_loyalty(graphql, token)
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
def test_bad_redemptions_are_refused(storefront, graphql, shop, member_with_points, points, code, words):
    token = member_with_points.token
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)

    result = redeem(graphql, token, checkout["id"], points)

    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("points", code)
    assert words in error["message"]
    assert my_loyalty(graphql, token)["pointsBalance"] == 800


def test_points_may_pay_at_most_the_configured_share(storefront, graphql, shop, enable_loyalty,
                                                     customer, staff_token):
    # given: a $24 tee, points may pay half ($12 = 1200 points)
    enable_loyalty(**REDEEM_RULES)
    graphql.execute(ADJUST, {"email": customer.email, "points": 5000, "reason": "Gift"}, staff_token)
    checkout = storefront.start_checkout([(shop.variants["TEE-ORGANIC"], 1)], token=customer.token)

    result = redeem(graphql, customer.token, checkout["id"], 1300)

    assert result["errors"][0]["message"] == "At most 1200 points can be used on this order (worth 12.00)."


def test_someone_elses_checkout_and_anonymous_are_refused(storefront, graphql, shop, member_with_points):
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=member_with_points.token)
    storefront.register("thief@example.com", "thief-password-1")
    thief = storefront.login("thief@example.com", "thief-password-1")

    stolen = redeem(graphql, thief, checkout["id"], 100)
    anonymous = redeem(graphql, None, checkout["id"], 100)
    garbage = redeem(graphql, member_with_points.token, "not-an-id", 100)

    assert [e["code"] for e in stolen["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in anonymous["errors"]] == ["PERMISSION_DENIED"]
    assert [(e["field"], e["code"]) for e in garbage["errors"]] == [("checkoutId", "INVALID")]


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


def test_two_simultaneous_redemptions_of_the_same_points_cannot_both_succeed(
    storefront, shop, member_with_points
):
    # given: 800 points and two checkouts, each redeeming 500 at the same moment
    token = member_with_points.token
    checkouts = [storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token),
                 another_checkout(storefront, shop, member_with_points)]
    barrier = threading.Barrier(2)
    results = [None, None]

    def attempt(index):
        try:
            client = GraphQLClient(Client())
            barrier.wait()
            results[index] = redeem(client, token, checkouts[index]["id"], 500)
        finally:
            connection.close()

    # when: two real HTTP requests in two threads, two DB transactions
    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    outcomes = sorted(tuple(e["code"] for e in result["errors"]) for result in results)
    assert outcomes == [(), ("INSUFFICIENT_POINTS",)]
    assert my_loyalty(GraphQLClient(Client()), token)["pointsBalance"] == 300


def test_redeeming_again_on_the_same_checkout_replaces_the_first_redemption(
    storefront, graphql, shop, member_with_points
):
    token = member_with_points.token
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)

    redeem(graphql, token, checkout["id"], 300)
    second = redeem(graphql, token, checkout["id"], 600)

    assert second["errors"] == [] and second["account"]["pointsBalance"] == 200
    assert total_of(graphql, checkout, token) == Decimal("210")


LINES_UPDATE = """
mutation Lines($checkoutId: ID!, $lines: [CheckoutLineInput]!) {
  checkoutLinesUpdate(checkoutId: $checkoutId, lines: $lines) {
    checkout { id } checkoutErrors { field code message }
  }
}"""
REMOVE_PROMO = """
mutation Remove($checkoutId: ID!, $promoCode: String!) {
  checkoutRemovePromoCode(checkoutId: $checkoutId, promoCode: $promoCode) {
    checkout { id } checkoutErrors { field code }
  }
}"""


def held_card(points):
    from saleor_loyalty_plugin.models import LoyaltyRedemption

    return GiftCard.objects.get(
        code=LoyaltyRedemption.objects.get(state="held", points=points).gift_card_code)


def cards_on(graphql, checkout, token):
    return graphql.execute(CHECKOUT, {"token": checkout["token"]}, token)["checkout"]["giftCards"]


def test_a_points_card_typed_on_another_checkout_of_its_owner_is_taken_off(
    storefront, graphql, shop, member_with_points
):
    # given: 500 points on checkout A
    token = member_with_points.token
    first = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    second = another_checkout(storefront, shop, member_with_points)
    redeem(graphql, token, first["id"], 500)

    # when: its owner types A's card code on checkout B
    storefront.add_promo_code(second["id"], held_card(500).code, token=token)

    # then: it pays on A only
    assert cards_on(graphql, second, token) == []
    assert total_of(graphql, second, token) == Decimal("216")
    assert total_of(graphql, first, token) == Decimal("211")


def test_points_come_back_only_for_card_value_nobody_spent(
    storefront, graphql, shop, member_with_points, staff_token
):
    # given: 500 points ($5) on checkout A; while the plugin is switched off the
    # owner puts A's card on checkout B and buys
    from saleor_loyalty_plugin import PLUGIN_ID
    from saleor_loyalty_plugin.models import LoyaltyRedemption

    token = member_with_points.token
    first = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    redeem(graphql, token, first["id"], 500)
    card = held_card(500)
    storefront.plugin_update(staff_token, PLUGIN_ID, active=False)
    second = another_checkout(storefront, shop, member_with_points)
    storefront.choose_shipping(second["id"], shop.shipping_method, token=token)
    storefront.add_promo_code(second["id"], card.code, token=token)
    storefront.pay_and_complete(second["id"], float(total_of(graphql, second, token)),
                                token=token)
    card.refresh_from_db()
    assert card.current_balance_amount == 0  # the card paid $5 of order B
    storefront.plugin_update(staff_token, PLUGIN_ID, active=True)

    # when
    cancelled = graphql.execute(CANCEL, {"checkoutId": first["id"]}, token)[
        "loyaltyCancelRedemption"]

    # then: nothing comes back for value already spent; the card is retired
    assert cancelled["errors"] == []
    assert my_loyalty(graphql, token)["pointsBalance"] == 300
    assert LoyaltyRedemption.objects.get().state == "returned"
    card.refresh_from_db()
    assert not card.is_active


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


def test_when_the_checkout_shrinks_its_points_shrink_to_what_it_allows(
    storefront, graphql, shop, member_with_points, staff_token
):
    # given: 10000 more points; $100 of them on 2 x $108 (points may pay half)
    token = member_with_points.token
    graphql.execute(ADJUST, {"email": member_with_points.email, "points": 10000,
                             "reason": "Goodwill"}, staff_token)
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    storefront.choose_shipping(checkout["id"], shop.shipping_method, token=token)
    assert redeem(graphql, token, checkout["id"], 10000)["errors"] == []

    # when: one jacket stays ($108: points may pay $54)
    from graphql_relay import to_global_id
    changed = graphql.execute(LINES_UPDATE, {"checkoutId": checkout["id"], "lines": [
        {"variantId": to_global_id("ProductVariant", shop.variants["JACKET-WAXED"].pk),
         "quantity": 1}]}, token)["checkoutLinesUpdate"]

    # then: 5400 points stay on it, 4600 come back; points never pay shipping
    assert changed["checkoutErrors"] == []
    assert my_loyalty(graphql, token)["pointsBalance"] == 10800 - 5400
    assert total_of(graphql, checkout, token) == Decimal("108") - 54 + 20
    assert len(cards_on(graphql, checkout, token)) == 1


def test_taking_the_points_card_off_the_checkout_gives_the_points_back(
    storefront, graphql, shop, member_with_points
):
    token = member_with_points.token
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    redeem(graphql, token, checkout["id"], 500)

    graphql.execute(REMOVE_PROMO, {"checkoutId": checkout["id"],
                                   "promoCode": held_card(500).code}, token)

    assert my_loyalty(graphql, token)["pointsBalance"] == 800
    assert total_of(graphql, checkout, token) == Decimal("216")


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
