"""Saleor 2.10 discount objects: one ``Voucher`` row holds code, value and minimum.

Every object the plugin creates names its purpose and owner, so staff can
tell it apart in the dashboard from the vouchers and gift cards they made.
"""
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ...core.rewards import RewardSpec
from ..naming import free_unit_voucher_name, reward_voucher_name



def upsert_voucher(*, code: str, spec: RewardSpec, currency: str, channel: str, owner_email: str,
                   valid_until) -> None:
    """The member's voucher for one perk: dated, and armed for one use more than it has had."""
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher

    voucher, _ = Voucher.objects.update_or_create(
        code=code,
        defaults={
            "name": reward_voucher_name(spec, owner_email),
            "type": VoucherType.SHIPPING if spec.is_shipping else VoucherType.ENTIRE_ORDER,
            "discount_value_type": DiscountValueType.PERCENTAGE,
            "discount_value": spec.percent,
            "min_spent_amount": spec.min_spent or None,
            "currency": currency,
            "end_date": valid_until,
        },
    )
    Voucher.objects.filter(pk=voucher.pk).update(usage_limit=F("used") + 1)


def arm_voucher(code: str) -> None:
    """Allow the member's code one use more than it has had (after their order used it)."""
    from saleor.discount.models import Voucher

    Voucher.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=timezone.now()),
                           code=code).update(usage_limit=F("used") + 1)


def retire_vouchers(codes) -> None:
    """These codes stop working now (their entitlement ended)."""
    from saleor.discount.models import Voucher

    Voucher.objects.filter(code__in=list(codes)).update(end_date=timezone.now())


def reactivate_vouchers(valid_until_by_code) -> None:
    """Suspended codes work again, each until its own end date."""
    from saleor.discount.models import Voucher

    for code, valid_until in valid_until_by_code.items():
        Voucher.objects.filter(code=code).update(end_date=valid_until)


def order_voucher_code(order) -> str:
    return order.voucher.code if order.voucher_id else ""


def issue_free_unit_voucher(*, code: str, card, currency: str, channel: str, owner_email: str,
                            valid_until) -> None:
    """100% off one unit of the card's product or category, usable once."""
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher
    from saleor.product.models import Category, Product

    voucher = Voucher.objects.create(
        code=code, name=free_unit_voucher_name(card, owner_email),
        type=VoucherType.SPECIFIC_PRODUCT, discount_value_type=DiscountValueType.PERCENTAGE,
        apply_once_per_order=True, usage_limit=1, discount_value=100, end_date=valid_until,
        currency=currency or settings.DEFAULT_CURRENCY,
    )
    if card.product_sku:
        voucher.products.set(Product.objects.filter(variants__sku=card.product_sku))
    else:
        voucher.categories.set(Category.objects.filter(slug=card.category))


def unused_codes(codes, active_only: bool = True) -> set:
    from saleor.discount.models import Voucher

    rows = Voucher.objects.filter(code__in=list(codes), used=0)
    if active_only:
        rows = rows.filter(Q(end_date__isnull=True) | Q(end_date__gt=timezone.now()))
    return set(rows.values_list("code", flat=True))
