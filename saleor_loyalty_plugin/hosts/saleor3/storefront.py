"""What the storefront API reads from Saleor 3: a checkout's totals, a product's price.

``checkoutLoyalty`` previews the order a checkout becomes, so it needs the
numbers Saleor will put on that order: the total left to pay after vouchers
and gift cards (points are a gift card) and the shipping inside it, computed
by Saleor's own calculations, exactly as the checkout's ``totalPrice`` and
``shippingPrice`` and the order created from it.
"""
from decimal import Decimal
from typing import Optional, Tuple

from graphql_relay import to_global_id

CUSTOMER_NAME_FIELDS = ("first_name", "last_name")


def checkout_totals(checkout) -> Tuple[Decimal, Decimal, str]:
    """(what the shopper pays now, the shipping in it, currency)."""
    from saleor.checkout import calculations
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.plugins.manager import get_plugins_manager

    manager = get_plugins_manager(allow_replica=False)
    lines, _ = fetch_checkout_lines(checkout)
    info = fetch_checkout_info(checkout, lines, manager)
    to_pay = calculations.calculate_checkout_total_with_gift_cards(
        manager=manager, checkout_info=info, lines=lines)
    shipping = calculations.checkout_shipping_price(manager=manager, checkout_info=info,
                                                    lines=lines)
    return max(to_pay.gross.amount, Decimal("0")), shipping.gross.amount, checkout.currency


def variant_for_sku(sku: str, channel: str) -> Optional[Tuple[str, Decimal, str]]:
    """(variant global id, price, currency) of the variant sold in the channel, or None."""
    from saleor.product.models import ProductVariantChannelListing

    listing = (
        ProductVariantChannelListing.objects
        .filter(variant__sku=sku, channel__slug=channel, price_amount__isnull=False)
        .values_list("variant_id", "price_amount", "currency").first()
    )
    if listing is None:
        return None
    variant_id, price, currency = listing
    return to_global_id("ProductVariant", variant_id), price, currency
