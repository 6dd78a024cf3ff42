"""Saleor 2.10 discount objects: one ``Voucher`` row holds code, value and minimum.

Every object the plugin creates names its purpose and owner, so staff can
tell it apart in the dashboard from the vouchers and gift cards they made.
"""
from django.conf import settings
from django.utils import timezone

from ...core.rewards import RewardSpec
from ..naming import free_unit_voucher_name, reward_voucher_name



def upsert_voucher(*, code: str, spec: RewardSpec, currency: str, channel: str, owner_email: str
                   ) -> None:
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher

    Voucher.objects.update_or_create(
        code=code,
        defaults={
            "name": reward_voucher_name(spec, owner_email),
            "type": VoucherType.SHIPPING if spec.is_shipping else VoucherType.ENTIRE_ORDER,
            "discount_value_type": DiscountValueType.PERCENTAGE,
            "discount_value": spec.percent,
            "min_spent_amount": spec.min_spent or None,
            "currency": currency,
            "end_date": None,
        },
    )


def retire_voucher(code: str) -> None:
    from saleor.discount.models import Voucher

    Voucher.objects.filter(code=code).update(end_date=timezone.now())


def issue_free_unit_voucher(*, code: str, card, currency: str, channel: str, owner_email: str
                            ) -> None:
    """100% off one unit of the card's product or category, usable once."""
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher
    from saleor.product.models import Category, Product

    voucher = Voucher.objects.create(
        code=code, name=free_unit_voucher_name(card, owner_email),
        type=VoucherType.SPECIFIC_PRODUCT, discount_value_type=DiscountValueType.PERCENTAGE,
        apply_once_per_order=True, usage_limit=1, discount_value=100,
        currency=currency or settings.DEFAULT_CURRENCY,
    )
    if card.product_sku:
        voucher.products.set(Product.objects.filter(variants__sku=card.product_sku))
    else:
        voucher.categories.set(Category.objects.filter(slug=card.category))


def unused_codes(codes) -> set:
    from saleor.discount.models import Voucher

    return set(Voucher.objects.filter(code__in=list(codes), used=0).values_list("code", flat=True))
