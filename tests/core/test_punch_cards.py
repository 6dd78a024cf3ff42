import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.core.punch_cards import MAX_SLUG_LENGTH, parse_punch_cards, progress_of


def test_cards_parse_and_count_units_by_product_or_category():
    tee, shoes = parse_punch_cards(
        '[{"name": "Tee club", "product_sku": "TEE", "goal": 10},'
        ' {"name": "Shoes", "category": "footwear", "goal": 5}]'
    )
    lines = [("TEE", "apparel", 3), ("BOOT", "footwear", 2), ("TEE", "apparel", 1)]
    assert (tee.slug, tee.units_in(lines)) == ("tee-club", 4)
    assert shoes.units_in(lines) == 2


def test_every_full_card_earns_one_free_unit():
    card = parse_punch_cards('[{"name": "Tee", "product_sku": "TEE", "goal": 10}]')[0]
    assert (progress_of(card, 9).progress, progress_of(card, 9).rewards_earned) == (9, 0)
    assert (progress_of(card, 23).progress, progress_of(card, 23).rewards_earned) == (3, 2)


@pytest.mark.parametrize("text, words", [
    ("[{]", "not valid JSON"),
    ('[{"goal": 3, "product_sku": "A"}]', "needs a name"),
    ('[{"name": "A", "goal": 0, "product_sku": "A"}]', "goal must be"),
    ('[{"name": "A", "goal": 3}]', "either product_sku or category"),
    ('[{"name": "A", "goal": 3, "product_sku": "A", "category": "b"}]', "either product_sku or category"),
    ('[{"name": "A", "goal": 3, "sku": "A"}]', "unknown key(s) sku"),
    ('[{"name": "A", "goal": 3, "product_sku": "A"}, {"name": "A", "goal": 4, "category": "c"}]', "same slug"),
    ('[{"name": "A", "slug": "%s", "goal": 3, "product_sku": "A"}]' % ("a" * 65), "at most 64"),
])
def test_bad_cards_are_refused(text, words):
    with pytest.raises(LoyaltyError) as caught:
        parse_punch_cards(text)
    assert caught.value.field == "punch_cards" and words in caught.value.message


def test_a_slug_made_from_a_long_name_is_cut_to_fit():
    long_name = "Espresso loyalty card for regulars who come every single morning of the week"
    [card] = parse_punch_cards([{"name": long_name, "product_sku": "E", "goal": 3}])
    assert MAX_SLUG_LENGTH == 64 and len(card.slug) <= MAX_SLUG_LENGTH
    assert card.slug == "espresso-loyalty-card-for-regulars-who-come-every-single-morning"
