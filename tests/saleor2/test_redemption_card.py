"""The gift card that carries redeemed points on a Saleor 2.10 checkout, through the
storefront's GraphQL API: typed on another checkout of its owner it is taken off, it
shrinks with the checkout, taking it off gives the points back, and only the value nobody
spent comes back."""
from decimal import Decimal

import pytest
from saleor.giftcard.models import GiftCard

from .queries import ADJUST, my_loyalty
from .redemption_helpers import CANCEL, CHECKOUT, another_checkout, redeem, total_of

pytestmark = pytest.mark.django_db(transaction=True)

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
