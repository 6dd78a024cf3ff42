"""A small Saleor 2.10 catalogue built with our own data (never Saleor's fixtures).

Prices are chosen so a $200+ order is easy: two jackets ($108 each) and $20
shipping make the $236 checkout the tests and the demo use.
"""
from dataclasses import dataclass

import saleor.product.utils  # noqa: F401  Saleor 2.10's product.tasks/utils import cycle
from django.contrib.auth.models import Permission
from saleor.account.models import Address, User
from saleor.product.models import Category, Product, ProductType, ProductVariant
from saleor.shipping.models import ShippingMethod, ShippingZone
from saleor.warehouse.models import Stock, Warehouse

from ..common import CATALOGUE, MEMBERSHIP, SHIPPING_PRICE, US_ADDRESS  # noqa: F401


@dataclass
class Shop:
    variants: dict  # sku -> ProductVariant
    shipping_method: ShippingMethod
    warehouse: Warehouse


def build_shop(stock: int = 10_000) -> Shop:
    category = Category.objects.create(name="Apparel", slug="apparel")
    product_type = ProductType.objects.create(
        name="Clothing", slug="clothing", has_variants=False, is_shipping_required=True
    )
    zone = ShippingZone.objects.create(name="United States", countries=["US"])
    method = ShippingMethod.objects.create(
        name="Standard", type="price", price_amount=SHIPPING_PRICE, shipping_zone=zone
    )
    address = Address.objects.create(
        company_name="Loyal Goods Co.",
        street_address_1="350 Fifth Avenue",
        city="NEW YORK",
        postal_code="10118",
        country="US",
        country_area="NY",
    )
    warehouse = Warehouse.objects.create(
        name="New York", slug="new-york", company_name="Loyal Goods Co.", address=address
    )
    warehouse.shipping_zones.add(zone)
    variants = {}
    for name, sku, price in CATALOGUE:
        product = Product.objects.create(
            name=name,
            slug=sku.lower(),
            product_type=product_type,
            category=category,
            price_amount=price,
            minimal_variant_price_amount=price,
            is_published=True,
            charge_taxes=False,
        )
        variant = ProductVariant.objects.create(product=product, sku=sku)
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
        variants[sku] = variant
    membership_type = ProductType.objects.create(
        name="Membership", slug="membership", has_variants=False, is_shipping_required=False
    )
    name, sku, price = MEMBERSHIP
    membership = Product.objects.create(
        name=name, slug=sku.lower(), product_type=membership_type, category=category,
        price_amount=price, minimal_variant_price_amount=price, is_published=True,
        charge_taxes=False,
    )
    variant = ProductVariant.objects.create(product=membership, sku=sku, track_inventory=False)
    Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
    variants[sku] = variant
    return Shop(variants=variants, shipping_method=method, warehouse=warehouse)


def create_staff(email: str, password: str, permissions=()) -> User:
    """A staff member with exactly the given permissions ("app_label.codename")."""
    staff = User.objects.create_user(email=email, password=password, is_staff=True)
    for permission in permissions:
        app_label, codename = permission.split(".")
        staff.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return staff
