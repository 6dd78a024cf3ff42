"""Money in the API: rounded to each currency's own smallest unit, up only for what is missing."""
from decimal import Decimal

from saleor_loyalty_plugin.graphql.money_types import in_currency, money


def test_amounts_round_down_to_the_currencys_smallest_unit():
    assert money(Decimal("1234.567"), "USD") == (1234.56, "USD")
    assert money(Decimal("1234.567"), "JPY") == (1234.0, "JPY")
    assert money(Decimal("1.23456"), "KWD") == (1.234, "KWD")


def test_what_is_still_to_spend_rounds_up():
    assert money(Decimal("140.501"), "USD", round_up=True) == (140.51, "USD")
    assert money(Decimal("99.2"), "JPY", round_up=True) == (100.0, "JPY")


def test_no_amount_or_currency_is_no_money():
    assert money(None, "USD") is None
    assert money(Decimal("1"), None) is None


def test_a_rule_object_keeps_its_attributes_and_gains_a_currency():
    class Tier:
        name = "Gold"

    tier = in_currency(Tier(), "EUR")

    assert (tier.name, tier.currency) == ("Gold", "EUR")
    assert in_currency(None, "EUR") is None
