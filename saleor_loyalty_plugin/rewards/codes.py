"""Codes for the plugin's vouchers and gift cards: random, unguessable, recognisable.

The prefixes tell staff and support at a glance that a code is the loyalty
program's (LY: a member reward, LS: the store-wide discount, LP: redeemed points); the lengths fit
Saleor 2.10's columns (Voucher.code 12, GiftCard.code 16 characters).
"""
import secrets
import string

VOUCHER_PREFIX = "LY"
VOUCHER_CODE_LENGTH = 12
STORE_PREFIX = "LS"
GIFT_CARD_PREFIX = "LP"
GIFT_CARD_CODE_LENGTH = 16
_ALPHABET = string.ascii_uppercase + string.digits


def _random_code(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length - len(prefix)))


def new_voucher_code() -> str:
    return _random_code(VOUCHER_PREFIX, VOUCHER_CODE_LENGTH)


def new_store_code() -> str:
    """The shared code of a store-wide discount (LS...), where the host needs a code."""
    return _random_code(STORE_PREFIX, VOUCHER_CODE_LENGTH)


def new_gift_card_code() -> str:
    return _random_code(GIFT_CARD_PREFIX, GIFT_CARD_CODE_LENGTH)
