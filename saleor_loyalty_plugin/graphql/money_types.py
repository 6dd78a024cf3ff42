"""Money in the API: ``{ amount currency }`` like Saleor's ``Money``, beside the old floats.

The first API gave money as bare floats ("discountMinOrder: 200.0"), which a
storefront cannot format without guessing the currency.  Every money value
now also comes as a ``LoyaltyMoney`` (named apart from Saleor's ``Money``,
since both live in one merged schema), rounded to the currency's own
smallest unit (``core/money.py``: 0 decimals for JPY, 3 for KWD).

Rules such as a tier or a progress are plain core objects that do not know
the channel's currency; ``in_currency`` hands them to GraphQL together with
it, so their types can answer money fields without another lookup.
"""
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple, Optional

import graphene

from ..core.money import round_money


class LoyaltyMoney(graphene.ObjectType):
    """An amount of money in a currency (the shape of Saleor's ``Money``)."""

    amount = graphene.Float(required=True, description="In the currency's own units.")
    currency = graphene.String(required=True, description="ISO 4217 code, e.g. USD.")

    class Meta:
        description = "An amount of money in a currency (the shape of Saleor's Money)."


class MoneyValue(NamedTuple):
    amount: float
    currency: str


def money(amount, currency: Optional[str], *, round_up: bool = False) -> Optional[MoneyValue]:
    """A LoyaltyMoney value, or None when the amount or currency is unknown.

    Amounts round down to the currency's smallest unit; ``round_up`` is for
    what a customer still has to reach ("spend $X more"), which must never
    read as less than it is.
    """
    if amount is None or not currency:
        return None
    rounded = round_money(Decimal(amount), currency, ROUND_CEILING if round_up else ROUND_FLOOR)
    return MoneyValue(float(rounded), currency)


class InCurrency:
    """A core object (a tier, a tier's progress) with the currency its amounts are in.

    Attribute reads pass through, so the types written for the bare object
    keep working; money fields read ``currency`` as well.
    """

    __slots__ = ("target", "currency")

    def __init__(self, target, currency: Optional[str]):
        self.target = target
        self.currency = currency

    def __getattr__(self, name):
        return getattr(self.target, name)


def in_currency(target, currency: Optional[str]):
    """``target`` with its currency attached (None stays None)."""
    return None if target is None else InCurrency(target, currency)


def currency_of(root) -> Optional[str]:
    return getattr(root, "currency", None)
