"""Keys of tiers and punch cards survive a rename (pure rules)."""
import json

from saleor_loyalty_plugin.core.keys import card_key, pin_keys, tier_key


def names_and_keys(text):
    return [(entry["name"], entry["slug"]) for entry in json.loads(text)]


def test_first_save_writes_the_key_from_the_name():
    pinned = pin_keys(json.dumps([{"name": "Gold Club", "threshold": 5}]), "", tier_key)
    assert json.loads(pinned) == [{"name": "Gold Club", "slug": "gold-club", "threshold": 5}]


def test_a_renamed_entry_keeps_its_key_even_without_one_saved_before():
    old = json.dumps([{"name": "Silver"}, {"name": "Gold"}])
    new = json.dumps([{"name": "Silver"}, {"name": "Gold Club"}, {"name": "Platinum"}])
    assert names_and_keys(pin_keys(new, old, tier_key)) == [
        ("Silver", "silver"), ("Gold Club", "gold"), ("Platinum", "platinum")]


def test_explicit_keys_and_known_names_win_over_positions():
    old = json.dumps([{"name": "Silver", "slug": "s"}, {"name": "Gold"}])
    new = json.dumps([{"name": "Gold"}, {"name": "Bronze"}, {"name": "Shiny", "slug": "s"}])
    assert names_and_keys(pin_keys(new, old, tier_key)) == [
        ("Gold", "gold"), ("Bronze", "bronze"), ("Shiny", "s")]


def test_card_keys_stay_short_and_invalid_text_is_left_to_the_parser():
    long_name = "Espresso loyalty card for regulars " * 3
    [(_, key)] = names_and_keys(pin_keys(json.dumps([{"name": long_name}]), None, card_key))
    assert len(key) <= 64 and not key.endswith("-")
    for text in ("[{'name': 'x'}]", json.dumps({"name": "x"}), json.dumps([{"goal": 3}]), ""):
        assert pin_keys(text, None, card_key) == text
