"""Saleor 2.10's store-wide threshold discount: one shared voucher.

2.10 has no order promotions, so the discount is one voucher with a shared
code that the plugin's checkout rule puts on any checkout where it is the
best discount.  One object, whatever the number of customers.
"""
from django.conf import settings
from django.utils import timezone

from ..naming import store_discount_name

STORE_DISCOUNT_IS_VOUCHER = True


def upsert_store_discount(*, reference: str, spec, channel: str, currency: str, now) -> str:
    """Create or rewrite the shared voucher under the code ``reference``; returns it."""
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher

    Voucher.objects.update_or_create(code=reference, defaults={
        "name": store_discount_name(spec), "type": VoucherType.ENTIRE_ORDER,
        "discount_value_type": DiscountValueType.PERCENTAGE, "discount_value": spec.percent,
        "min_spent_amount": spec.min_spent or None,
        "currency": currency or settings.DEFAULT_CURRENCY, "end_date": None,
    })
    return reference


def end_store_discount(*, reference: str) -> None:
    from saleor.discount.models import Voucher

    if reference:
        Voucher.objects.filter(code=reference).update(end_date=timezone.now())
