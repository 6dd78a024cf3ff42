"""Saleor 3 checkouts: what the reward rule and redemptions read and change.

Saleor 3 runs ``checkout_created`` / ``checkout_updated`` after the
storefront's mutation commits; the plugin then hands the checkout, through
the adapter below, to ``rewards.services.checkout_apply_best_reward``.  Saleor 3
caches checkout prices, so every change marks them stale.
"""
from decimal import Decimal
from typing import Tuple


class CheckoutAdapter:
    """One checkout as the reward rule sees it: prices, and the one voucher slot."""

    # What the reward rule reads: re-read in case another hook changed it, while
    # the channel Saleor already loaded stays cached.
    FRESH_FIELDS = ("user", "voucher_code", "discount_amount")

    def __init__(self, checkout):
        checkout.refresh_from_db(fields=self.FRESH_FIELDS)
        self.checkout = checkout
        self.channel = checkout.channel.slug
        self._info = None

    def _manager_info_lines(self):
        if self._info is None:
            from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
            from saleor.plugins.manager import get_plugins_manager

            manager = get_plugins_manager(allow_replica=False)
            lines, _ = fetch_checkout_lines(self.checkout)
            self._info = (manager, fetch_checkout_info(self.checkout, lines, manager), lines)
        return self._info

    def prices(self) -> Tuple[Decimal, Decimal, Decimal]:
        """(subtotal before vouchers, shipping before discounts, saving of the voucher on it)."""
        from saleor.checkout import base_calculations

        _, info, lines = self._manager_info_lines()
        subtotal = base_calculations.base_checkout_subtotal(
            lines, info.channel, self.checkout.currency, include_voucher=False).amount
        shipping = base_calculations.base_checkout_undiscounted_delivery_price(info, lines).amount
        return subtotal, shipping, self.checkout.discount_amount

    def remove_voucher(self) -> None:
        from saleor.checkout.utils import remove_voucher_from_checkout

        remove_voucher_from_checkout(self.checkout)
        if self._info is not None:
            self._info[1].voucher = self._info[1].voucher_code = None

    def apply_voucher(self, code: str) -> bool:
        from saleor.checkout.utils import add_voucher_to_checkout
        from saleor.discount.models import NotApplicable, VoucherCode

        manager, info, lines = self._manager_info_lines()
        voucher_code = VoucherCode.objects.select_related("voucher").filter(code=code).first()
        if voucher_code is None:
            return False
        try:
            add_voucher_to_checkout(manager, info, lines, voucher_code.voucher, voucher_code)
        except NotApplicable:
            return False
        return True

    def use_store_discount(self, code) -> bool:
        """Saleor applies the store promotion itself once no voucher is in its way."""
        if not self.checkout.voucher_code:
            return False
        self.remove_voucher()
        return True

    def prices_changed(self) -> None:
        """Mark prices stale, reusing what ``prices()`` already fetched."""
        if self._info is None:
            checkout_prices_changed(self.checkout)
            return
        from saleor.checkout.utils import invalidate_checkout

        manager, info, lines = self._info
        invalidate_checkout(info, lines, manager, save=True)


def checkout_adapter(checkout) -> CheckoutAdapter:
    return CheckoutAdapter(checkout)


def checkout_amounts(checkout):
    """(goods after every discount, voucher discount, currency) of a checkout.

    Saleor's base subtotal already holds catalogue promotions and line-level
    vouchers (specific products, once per order); an entire-order voucher and
    an order promotion come off it here, as on Saleor 2.10.  A shipping
    voucher's saving is not taken off the goods (points never pay shipping).
    """
    from saleor.checkout import base_calculations
    from saleor.checkout.fetch import fetch_checkout_lines
    from saleor.discount import DiscountType, VoucherType
    from saleor.discount.models import VoucherCode

    lines, _ = fetch_checkout_lines(checkout)
    goods = base_calculations.base_checkout_subtotal(
        lines, checkout.channel, checkout.currency, include_voucher=True
    ).amount
    discount = checkout.discount_amount if checkout.voucher_code else Decimal("0")
    on_goods = Decimal("0")
    if discount:
        voucher = (VoucherCode.objects.filter(code=checkout.voucher_code)
                   .values_list("voucher__type", "voucher__apply_once_per_order").first())
        if voucher == (VoucherType.ENTIRE_ORDER, False):
            on_goods = discount
    promotions = checkout.discounts.filter(type=DiscountType.ORDER_PROMOTION)
    on_goods += sum(promotions.values_list("amount_value", flat=True), Decimal("0"))
    return max(goods - on_goods, Decimal("0")), discount, checkout.currency


def checkout_prices_changed(checkout) -> None:
    """Saleor 3 caches checkout prices: mark them stale after a voucher or gift card moved."""
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.checkout.utils import invalidate_checkout
    from saleor.plugins.manager import get_plugins_manager

    manager = get_plugins_manager(allow_replica=False)
    lines, _ = fetch_checkout_lines(checkout)
    invalidate_checkout(fetch_checkout_info(checkout, lines, manager), lines, manager, save=True)


def checkout_channel(checkout) -> str:
    return checkout.channel.slug


def checkout_of_hook(checkout_info):
    """``preprocess_order_creation`` receives a CheckoutInfo holding the checkout."""
    return getattr(checkout_info, "checkout", checkout_info)


def voucher_refusal(message: str) -> Exception:
    from django.core.exceptions import ValidationError

    return ValidationError({"voucher_code": ValidationError(message, code="voucher_not_applicable")})
