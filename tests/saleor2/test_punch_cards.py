"""Punch cards: buy three tees, the fourth is free (Saleor 2.10 storefront)."""
import json
from decimal import Decimal

import pytest

from saleor_loyalty_plugin import PLUGIN_ID

pytestmark = pytest.mark.django_db(transaction=True)

CARDS = [{"name": "Tee club", "product_sku": "TEE-ORGANIC", "goal": 3}]
PUNCHES = """
query { myLoyalty {
  punchCards { name slug progress goal freeUnitCodes }
  availableRewards { code kind value label }
} }"""


def buy_tees(storefront, shop, customer, quantity, promo_code=None):
    return storefront.checkout([(shop.variants["TEE-ORGANIC"], quantity)], token=customer.token,
                               shipping_method=shop.shipping_method, promo_code=promo_code)


def punches(graphql, customer):
    return graphql.execute(PUNCHES, token=customer.token)["myLoyalty"]


def test_a_full_card_gives_one_unit_free_only_to_its_owner(storefront, graphql, shop,
                                                            enable_loyalty, customer):
    # given
    enable_loyalty(punch_cards=json.dumps(CARDS))

    # when: two tees, then two more
    buy_tees(storefront, shop, customer, 2)
    halfway = punches(graphql, customer)
    buy_tees(storefront, shop, customer, 2)
    full = punches(graphql, customer)

    # then
    assert halfway["punchCards"] == [{"name": "Tee club", "slug": "tee-club", "progress": 2,
                                      "goal": 3, "freeUnitCodes": []}]
    [card] = full["punchCards"]
    assert card["progress"] == 1 and len(card["freeUnitCodes"]) == 1
    code = card["freeUnitCodes"][0]
    assert {"code": code, "kind": "PUNCH_CARD", "value": 100.0, "label": "Tee club: one free"} in \
        full["availableRewards"]

    # when: someone else tries the code, then the owner uses it on two tees
    storefront.register("friend@example.com", "friend-password-1")
    friend_token = storefront.login("friend@example.com", "friend-password-1")
    friends = storefront.start_checkout([(shop.variants["TEE-ORGANIC"], 1)], token=friend_token)
    refused = storefront.add_promo_code(friends["id"], code, token=friend_token)
    order = buy_tees(storefront, shop, customer, 2, promo_code=code)

    # then: one of the two tees is free, and the code is spent
    assert refused["checkoutErrors"][0]["code"] == "VOUCHER_NOT_APPLICABLE"
    assert Decimal(str(order["discount"]["amount"])) == Decimal("24")
    assert Decimal(str(order["total"]["gross"]["amount"])) == Decimal("44")
    # and those two tees (1 + 2 = 3 units) filled the card again: a new, different code
    after = punches(graphql, customer)
    [new_code] = after["punchCards"][0]["freeUnitCodes"]
    assert new_code != code
    assert after["punchCards"][0]["progress"] == 0


def test_cancelled_orders_take_their_punches_back(storefront, graphql, shop, enable_loyalty,
                                                  customer, staff_token):
    enable_loyalty(punch_cards=json.dumps(CARDS))
    order = buy_tees(storefront, shop, customer, 2)

    storefront.cancel(staff_token, order["id"])

    assert punches(graphql, customer)["punchCards"][0]["progress"] == 0


def test_bad_punch_cards_are_refused(storefront, staff_token, enable_loyalty):
    enable_loyalty()

    result = storefront.plugin_update(staff_token, PLUGIN_ID, configuration={
        "punch_cards": json.dumps([{"name": "Tee club", "goal": 3}])})

    [error] = result["pluginsErrors"]
    assert (error["field"], error["code"]) == ("punchCards", "INVALID")
    assert "either product_sku or category" in error["message"]


def test_a_card_with_a_long_name_still_gives_its_free_unit(storefront, graphql, shop,
                                                           enable_loyalty, customer):
    # given: a name whose slug (34 characters) makes a reward kind longer than 32
    name = "Espresso loyalty card for regulars"
    enable_loyalty(punch_cards=json.dumps([{"name": name, "product_sku": "TEE-ORGANIC",
                                            "goal": 3}]))

    # when: three tees fill the card
    buy_tees(storefront, shop, customer, 3)
    full = punches(graphql, customer)

    # then: the card is full and its free unit is a voucher the owner can use
    [card] = full["punchCards"]
    assert (card["slug"], card["progress"]) == ("espresso-loyalty-card-for-regulars", 0)
    [code] = card["freeUnitCodes"]
    assert {"code": code, "kind": "PUNCH_CARD", "value": 100.0, "label": "%s: one free" % name} \
        in full["availableRewards"]
    order = buy_tees(storefront, shop, customer, 2, promo_code=code)
    assert Decimal(str(order["discount"]["amount"])) == Decimal("24")


def test_renaming_a_card_keeps_its_members_progress(storefront, graphql, shop, enable_loyalty,
                                                    customer):
    # given: two punches on the card
    enable_loyalty(punch_cards=json.dumps(CARDS))
    buy_tees(storefront, shop, customer, 2)

    # when: the merchant renames the card in the dashboard
    enable_loyalty(punch_cards=json.dumps([dict(CARDS[0], name="Organic tee club")]))

    # then: same card, same progress, new name
    assert punches(graphql, customer)["punchCards"] == [{
        "name": "Organic tee club", "slug": "tee-club", "progress": 2, "goal": 3,
        "freeUnitCodes": []}]
