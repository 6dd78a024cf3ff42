"""What the storefront API reads from Saleor 2.10: a checkout's totals, a product's price.

The same numbers Saleor 2.10 puts on the order a checkout becomes
(``prepare_order_data``): the total less the gift cards on it (points are a
gift card), never below zero, and the shipping price.
"""
from decimal import Decimal
from typing import Optional, Tuple

from graphql_relay import to_global_id

CUSTOMER_NAME_FIELDS = ("first_name", "last_name")


def checkout_totals(checkout) -> Tuple[Decimal, Decimal, str]:
    """(what the shopper pays now, the shipping in it, currency)."""
    from saleor.checkout import calculations
    from saleor.discount.utils import fetch_active_discounts

    lines = list(checkout)
    discounts = fetch_active_discounts()
    total = calculations.checkout_total(checkout=checkout, lines=lines, discounts=discounts)
    shipping = calculations.checkout_shipping_price(checkout=checkout, lines=lines,
                                                    discounts=discounts)
    to_pay = total.gross.amount - checkout.get_total_gift_cards_balance().amount
    return max(to_pay, Decimal("0")), shipping.gross.amount, checkout.currency


def variant_for_sku(sku: str, channel: str) -> Optional[Tuple[str, Decimal, str]]:
    """(variant global id, price, currency) of the variant with that SKU, or None."""
    from saleor.product.models import ProductVariant

    variant = ProductVariant.objects.select_related("product").filter(sku=sku).first()
    if variant is None:
        return None
    price = variant.base_price
    return to_global_id("ProductVariant", variant.pk), price.amount, price.currency
