"""Saleor 3 discount objects: ``Voucher`` + ``VoucherCode`` + a channel listing.

Saleor 3 splits a voucher into the voucher (name, type), its codes, and a
``VoucherChannelListing`` per channel holding value and minimum.  Every object
the plugin creates names its purpose and owner and carries that in metadata, so
staff can tell it apart in the dashboard from what they made themselves.
"""
from django.utils import timezone

from ...core.rewards import RewardSpec
from ..naming import (
    PURPOSE_FREE_UNIT,
    PURPOSE_MEMBER_REWARD,
    free_unit_voucher_name,
    owner_metadata,
    reward_voucher_name,
)


def _channel(slug: str):
    from saleor.channel.models import Channel

    return Channel.objects.get(slug=slug)


def _total_used(voucher_ids) -> int:
    from django.db.models import Sum
    from saleor.discount.models import VoucherCode

    return VoucherCode.objects.filter(voucher_id__in=voucher_ids).aggregate(
        total=Sum("used"))["total"] or 0


def upsert_voucher(*, code: str, spec: RewardSpec, currency: str, channel: str, owner_email: str,
                   valid_until) -> None:
    """The member's voucher for one perk, created or brought up to date.

    Dated (``valid_until``) and armed for one use more than it has had.
    """
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher, VoucherChannelListing, VoucherCode

    code_row = VoucherCode.objects.select_related("voucher").filter(code=code).first()
    voucher = code_row.voucher if code_row else Voucher()
    voucher.name = reward_voucher_name(spec, owner_email)
    voucher.type = VoucherType.SHIPPING if spec.is_shipping else VoucherType.ENTIRE_ORDER
    voucher.discount_value_type = DiscountValueType.PERCENTAGE
    voucher.end_date = valid_until
    voucher.usage_limit = (_total_used([voucher.pk]) if voucher.pk else 0) + 1
    voucher.metadata = {**(voucher.metadata or {}),
                        **owner_metadata(PURPOSE_MEMBER_REWARD, owner_email)}
    voucher.save()
    if code_row is None:
        VoucherCode.objects.create(code=code, voucher=voucher, is_active=True)
    else:
        VoucherCode.objects.filter(pk=code_row.pk).update(is_active=True)
    VoucherChannelListing.objects.update_or_create(
        voucher=voucher, channel=_channel(channel),
        defaults={"discount_value": spec.percent, "currency": currency,
                  "min_spent_amount": spec.min_spent or None},
    )


def arm_voucher(code: str) -> None:
    """Allow the member's code one use more than it has had (after their order used it)."""
    from django.db.models import Q
    from saleor.discount.models import Voucher, VoucherCode

    voucher_ids = list(VoucherCode.objects.filter(code=code).values_list("voucher_id", flat=True))
    Voucher.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=timezone.now()), pk__in=voucher_ids
    ).update(usage_limit=_total_used(voucher_ids) + 1)


def retire_vouchers(codes) -> None:
    """These codes stop working now (their entitlement ended)."""
    from saleor.discount.models import Voucher, VoucherCode

    codes = list(codes)
    if codes:
        VoucherCode.objects.filter(code__in=codes).update(is_active=False)
        Voucher.objects.filter(codes__code__in=codes).update(end_date=timezone.now())


def reactivate_vouchers(valid_until_by_code) -> None:
    """Suspended codes work again, each until its own end date."""
    from saleor.discount.models import Voucher, VoucherCode

    for code, valid_until in valid_until_by_code.items():
        VoucherCode.objects.filter(code=code).update(is_active=True)
        Voucher.objects.filter(codes__code=code).update(end_date=valid_until)


def issue_free_unit_voucher(*, code: str, card, currency: str, channel: str, owner_email: str,
                            valid_until) -> None:
    """100% off one unit of the card's product or category, usable once."""
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher, VoucherChannelListing, VoucherCode
    from saleor.product.models import Category, Product

    voucher = Voucher.objects.create(
        name=free_unit_voucher_name(card, owner_email), type=VoucherType.SPECIFIC_PRODUCT,
        discount_value_type=DiscountValueType.PERCENTAGE, apply_once_per_order=True,
        usage_limit=1, end_date=valid_until,
        metadata=owner_metadata(PURPOSE_FREE_UNIT, owner_email),
    )
    VoucherCode.objects.create(code=code, voucher=voucher, is_active=True)
    VoucherChannelListing.objects.create(
        voucher=voucher, channel=_channel(channel), discount_value=100, currency=currency,
    )
    if card.product_sku:
        voucher.products.set(Product.objects.filter(variants__sku=card.product_sku))
    else:
        voucher.categories.set(Category.objects.filter(slug=card.category))


def unused_codes(codes, active_only: bool = True) -> set:
    from saleor.discount.models import VoucherCode

    rows = VoucherCode.objects.filter(code__in=list(codes), used=0)
    if active_only:
        rows = rows.filter(is_active=True)
    return set(rows.values_list("code", flat=True))


def order_voucher_code(order) -> str:
    return order.voucher_code or ""
