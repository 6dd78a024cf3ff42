"""The gift card that carries redeemed points on a Saleor 3 checkout: it pays only on
the checkout it was redeemed on (typed on another checkout of its owner it is taken off;
found there at checkoutComplete it is refused), it shrinks with the checkout, taking it
off gives the points back, and only the value nobody spent comes back."""
import pytest
from saleor.giftcard.models import GiftCard

from saleor_loyalty_plugin.models import LoyaltyRedemption

from . import flows
from .redemption_helpers import CANCEL, give_points, my_loyalty, redeem

pytestmark = pytest.mark.django_db

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
