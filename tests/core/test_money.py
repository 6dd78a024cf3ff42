from decimal import ROUND_HALF_UP, Decimal

import pytest

from saleor_loyalty_plugin.core.money import exponent, format_money, round_money, smallest_unit


@pytest.mark.parametrize("currency, digits", [
    ("USD", 2), ("eur", 2), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("BHD", 3), ("XYZ", 2), ("", 2),
])
def test_each_currency_has_its_own_number_of_decimals(currency, digits):
    assert exponent(currency) == digits


@pytest.mark.parametrize("amount, currency, expected", [
    ("10.129", "USD", "10.12"), ("999.99", "JPY", "999"), ("1.23456", "KWD", "1.234"),
])
def test_amounts_round_down_to_the_currencys_smallest_unit(amount, currency, expected):
    assert round_money(Decimal(amount), currency) == Decimal(expected)
    assert str(round_money(Decimal(amount), currency)) == expected


def test_rounding_can_be_chosen():
    assert round_money(Decimal("2.5"), "JPY", rounding=ROUND_HALF_UP) == 3
    assert smallest_unit("KWD") == Decimal("0.001")


@pytest.mark.parametrize("amount, currency, expected", [
    ("128", "USD", "128.00 USD"), ("12.5", "USD", "12.50 USD"), ("1800.000", "JPY", "1800 JPY"),
    ("12.5", "KWD", "12.500 KWD"), ("0.005", "EUR", "0.01 EUR"),
])
def test_amounts_are_written_with_their_currencys_decimals(amount, currency, expected):
    assert format_money(Decimal(amount), currency) == expected
