"""Saleor 2.10 checkouts: what the reward rule needs to read and change.

Saleor 2.10 has no checkout event hooks, so the merged ``/graphql/`` schema
wraps the storefront's checkout mutations (see ``mutations.py``) and hands each
changed checkout to ``rewards.services.checkout_apply_best_reward`` through
the adapter below.  ``LoyaltyPlugin.preprocess_order_creation`` is the backstop
at ``checkoutComplete``.
"""
from decimal import Decimal
from typing import Tuple

from .channels import NO_CHANNEL


class CheckoutAdapter:
    """One checkout as the reward rule sees it: prices, and the one voucher slot."""

    def __init__(self, checkout, discounts=None):
        self.checkout = checkout
        self.channel = NO_CHANNEL
        self._discounts = discounts

    @property
    def discounts(self):
        if self._discounts is None:
            from saleor.discount.utils import fetch_active_discounts

            self._discounts = fetch_active_discounts()
        return self._discounts

    def prices(self) -> Tuple[Decimal, Decimal, Decimal]:
        """(subtotal, shipping, saving of the voucher on it now)."""
        from saleor.checkout import calculations

        lines = list(self.checkout)
        subtotal = calculations.checkout_subtotal(
            checkout=self.checkout, lines=lines, discounts=self.discounts)
        shipping = calculations.checkout_shipping_price(
            checkout=self.checkout, lines=lines, discounts=self.discounts)
        return subtotal.gross.amount, shipping.gross.amount, self.checkout.discount.amount

    def remove_voucher(self) -> None:
        from saleor.checkout.utils import remove_voucher_from_checkout

        remove_voucher_from_checkout(self.checkout)

    def apply_voucher(self, code: str) -> bool:
        from saleor.checkout.utils import add_voucher_to_checkout
        from saleor.discount.models import NotApplicable, Voucher

        try:
            voucher = Voucher.objects.get(code=code)
            add_voucher_to_checkout(self.checkout, list(self.checkout), voucher, self.discounts)
        except (NotApplicable, Voucher.DoesNotExist):
            return False
        return True

    def use_store_discount(self, code) -> bool:
        """The store-wide discount is a shared voucher here: put it on."""
        if self.checkout.voucher_code:
            self.remove_voucher()
        return self.apply_voucher(code)

    def prices_changed(self) -> None:
        """Saleor 2.10 computes checkout prices on every read: nothing is cached."""


def checkout_adapter(checkout, discounts=None) -> CheckoutAdapter:
    return CheckoutAdapter(checkout, discounts)


def checkout_amounts(checkout):
    """(goods after discounts, voucher discount, currency) of a checkout.

    As on Saleor 3: a shipping voucher's saving is not taken off the goods
    (points never pay shipping, and a shipping saving does not shrink what
    they may pay), but it still counts as a discount.
    """
    from saleor.checkout import calculations
    from saleor.discount import VoucherType
    from saleor.discount.models import Voucher
    from saleor.discount.utils import fetch_active_discounts

    lines = list(checkout)
    subtotal = calculations.checkout_subtotal(
        checkout=checkout, lines=lines, discounts=fetch_active_discounts())
    discount = checkout.discount.amount if checkout.voucher_code else Decimal("0")
    on_goods = discount
    if discount and Voucher.objects.filter(
            code=checkout.voucher_code, type=VoucherType.SHIPPING).exists():
        on_goods = Decimal("0")
    return max(subtotal.gross.amount - on_goods, Decimal("0")), discount, checkout.currency


def checkout_prices_changed(checkout) -> None:
    """Nothing to invalidate: Saleor 2.10 has no price cache."""


def checkout_channel(checkout) -> str:
    return NO_CHANNEL


def checkout_of_hook(checkout):
    """``preprocess_order_creation`` receives the checkout itself on 2.10."""
    return checkout


def voucher_refusal(message: str) -> Exception:
    """What ``preprocess_order_creation`` raises to refuse a voucher cleanly."""
    from saleor.discount.models import NotApplicable

    return NotApplicable(message)
