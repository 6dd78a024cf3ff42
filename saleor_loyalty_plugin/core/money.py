"""Money amounts in their currency's own smallest unit.

Not every currency has cents: yen and won have no minor unit, dinars of
Kuwait, Bahrain, Jordan, Oman, Tunisia, Libya and Iraq have three.  Every
amount the plugin computes (a redemption's value, a discount, a refund share)
is rounded to the currency's exponent, so a 1,000-yen order is never worth
999.99 yen of points and a Kuwaiti order keeps its fils.  The table follows
ISO 4217; unknown codes keep two decimals, the most common case.
"""
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

DEFAULT_EXPONENT = 2
# ISO 4217 currencies whose minor unit is not 1/100.
EXPONENTS = {
    # no minor unit
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0,
    # three decimals
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    # four decimals
    "CLF": 4, "UYW": 4,
}


def exponent(currency: str) -> int:
    """Digits after the decimal point in ``currency`` (2 when unknown)."""
    return EXPONENTS.get((currency or "").upper(), DEFAULT_EXPONENT)


def smallest_unit(currency: str) -> Decimal:
    """1 yen, 0.01 dollar, 0.001 dinar."""
    return Decimal(1).scaleb(-exponent(currency))


def round_money(amount: Decimal, currency: str, rounding: str = ROUND_FLOOR) -> Decimal:
    """``amount`` in whole smallest units of ``currency`` (down unless told otherwise)."""
    return Decimal(amount).quantize(smallest_unit(currency), rounding=rounding)


def shown_money(amount, currency: str) -> Decimal:
    """An amount as people read it: in the currency's unit, to the nearest (128.00, 1800).

    For figures and receipts (Saleor 3 stores three decimals, GraphQL gives floats),
    never for what a customer is owed, which rounds down (``round_money``).
    """
    return round_money(Decimal(str(amount)), currency, ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str) -> str:
    """How a receipt writes it: 128.00 USD, 1800 JPY, 12.500 KWD."""
    return "%s %s" % (shown_money(amount, currency), currency)
