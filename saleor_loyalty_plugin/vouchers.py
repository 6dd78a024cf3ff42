"""The one module that writes Saleor discount objects for member rewards.

Each reward is a real Saleor voucher, so it appears on the order in the
dashboard and survives Saleor's price recalculation.  Saleor 2.10 keeps the
code, value and minimum on ``Voucher``; Saleor 3's channel-aware vouchers
are not handled yet (``compat.MEMBER_VOUCHERS_SUPPORTED``).
"""
import secrets
import string

from django.utils import timezone

from .core.rewards import RewardSpec

CODE_PREFIX = "LY"
CODE_LENGTH = 12  # Saleor 2.10's Voucher.code holds at most 12 characters
_ALPHABET = string.ascii_uppercase + string.digits


def new_code() -> str:
    return CODE_PREFIX + "".join(
        secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH - len(CODE_PREFIX))
    )


def upsert_voucher(*, code: str, spec: RewardSpec, currency: str) -> None:
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher

    Voucher.objects.update_or_create(
        code=code,
        defaults={
            "name": "Loyalty: %s" % spec.label,
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
