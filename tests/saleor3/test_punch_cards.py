"""Punch cards: buy three, the fourth is free, as a personal once-usable Saleor voucher."""
import json

import pytest
from saleor.discount.models import VoucherCode

from . import flows
from .flows import money

pytestmark = pytest.mark.django_db

PUNCHES = """
query { myLoyalty {
  punchCards { name slug progress goal freeUnitCodes }
  availableRewards { code kind value label }
} }"""


@pytest.fixture
def tee_club(enable_loyalty, shop):
    """A card on the shop's $10 product: every three bought earn one free."""
    enable_loyalty(punch_cards=json.dumps(
        [{"name": "Tee club", "product_sku": shop.variant.sku, "goal": 3}]))


def punches(loyalty_route, user):
    return flows.loyalty(loyalty_route, PUNCHES, user=user)["myLoyalty"]


def test_a_full_card_gives_one_unit_free_only_to_its_owner(
    tee_club, shop, user_api_client, user2_api_client, payment_app, customer_user,
    loyalty_route,
):
    # when: two units, then two more
    flows.checkout(user_api_client, shop, 2, payment_app=payment_app)
    halfway = punches(loyalty_route, customer_user)
    flows.checkout(user_api_client, shop, 2, payment_app=payment_app)
    full = punches(loyalty_route, customer_user)

    # then
    assert halfway["punchCards"] == [{"name": "Tee club", "slug": "tee-club", "progress": 2,
                                      "goal": 3, "freeUnitCodes": []}]
    [card] = full["punchCards"]
    assert card["progress"] == 1 and len(card["freeUnitCodes"]) == 1
    code = card["freeUnitCodes"][0]
    assert {"code": code, "kind": "PUNCH_CARD", "value": 100.0,
            "label": "Tee club: one free"} in full["availableRewards"]
    voucher = VoucherCode.objects.get(code=code).voucher
    assert voucher.type == "specific_product" and voucher.apply_once_per_order

    # when: someone else tries the code, then the owner uses it on two units
    friends = flows.start_checkout(user2_api_client, shop, 1)
    flows.add_promo_code(user2_api_client, friends["id"], code)
    friends_state = flows.choose_delivery(user2_api_client, friends["id"])
    order = flows.checkout(user_api_client, shop, 2, payment_app=payment_app, promo_code=code)

    # then: the friend pays in full; one of the owner's two units is free
    assert friends_state["voucherCode"] is None
    assert money(friends_state["totalPrice"]["gross"]["amount"]) == 20
    assert order["voucherCode"] == code
    assert [money(d["amount"]["amount"]) for d in order["discounts"]] == [10]
    assert money(order["total"]["gross"]["amount"]) == 20
    # and those two units (1 + 2 = 3) filled the card again: a new, different code
    after = punches(loyalty_route, customer_user)
    [new_code] = after["punchCards"][0]["freeUnitCodes"]
    assert new_code != code
    assert after["punchCards"][0]["progress"] == 0
    assert VoucherCode.objects.get(code=code).used == 1


def test_cancelled_orders_take_their_punches_back(
    tee_club, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route
):
    # given
    order = flows.checkout(user_api_client, shop, 2, payment_app=payment_app)
    before = punches(loyalty_route, customer_user)["punchCards"][0]["progress"]

    # when
    flows.cancel(order_staff, order["id"])

    # then
    assert before == 2
    assert punches(loyalty_route, customer_user)["punchCards"][0]["progress"] == 0


def test_bad_punch_cards_are_refused(enable_loyalty, update_loyalty):
    # given
    enable_loyalty()

    # when
    result = update_loyalty(punch_cards=json.dumps([{"name": "Tee club", "goal": 3}]))

    # then
    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("punchCards", "INVALID")
    assert "either product_sku or category" in error["message"]


def test_a_card_with_a_long_name_still_gives_its_free_unit(
    enable_loyalty, shop, user_api_client, payment_app, customer_user, loyalty_route,
):
    # given: a name whose slug (34 characters) makes a reward kind longer than 32
    name = "Espresso loyalty card for regulars"
    enable_loyalty(punch_cards=json.dumps(
        [{"name": name, "product_sku": shop.variant.sku, "goal": 3}]))

    # when: three units fill the card
    flows.checkout(user_api_client, shop, 3, payment_app=payment_app)
    full = punches(loyalty_route, customer_user)

    # then: the card is full and its free unit is a voucher the owner can use
    [card] = full["punchCards"]
    assert (card["slug"], card["progress"]) == ("espresso-loyalty-card-for-regulars", 0)
    [code] = card["freeUnitCodes"]
    assert {"code": code, "kind": "PUNCH_CARD", "value": 100.0,
            "label": "%s: one free" % name} in full["availableRewards"]
    order = flows.checkout(user_api_client, shop, 2, payment_app=payment_app, promo_code=code)
    assert [money(d["amount"]["amount"]) for d in order["discounts"]] == [10]
    assert money(order["total"]["gross"]["amount"]) == 20


def test_renaming_a_card_keeps_its_members_progress(
    tee_club, enable_loyalty, shop, user_api_client, payment_app, customer_user, loyalty_route
):
    # given: two punches on the card
    flows.checkout(user_api_client, shop, 2, payment_app=payment_app)

    # when: the merchant renames the card in the dashboard
    enable_loyalty(punch_cards=json.dumps(
        [{"name": "Organic tee club", "product_sku": shop.variant.sku, "goal": 3}]))

    # then: same card, same progress, new name
    assert punches(loyalty_route, customer_user)["punchCards"] == [{
        "name": "Organic tee club", "slug": "tee-club", "progress": 2, "goal": 3,
        "freeUnitCodes": []}]
