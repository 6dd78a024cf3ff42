"""The one module that writes Saleor discount objects: vouchers and gift cards.

Each reward is a real Saleor voucher, so it appears on the order in the
dashboard and survives Saleor's price recalculation; redeemed points are a
gift card assigned to the customer, which combines with a voucher.  Saleor
2.10 keeps the code, value and minimum on ``Voucher``; Saleor 3 splits them
into ``Voucher``, ``VoucherCode`` and a ``VoucherChannelListing`` per channel.
Gift cards: ``user`` on 2.10, ``created_by``/``assigned_to`` on 3.x.
"""
import secrets
import string

from django.utils import timezone

from . import compat
from .core.rewards import RewardSpec

CODE_PREFIX = "LY"
CODE_LENGTH = 12  # Saleor 2.10's Voucher.code holds at most 12 characters
_ALPHABET = string.ascii_uppercase + string.digits


GIFT_CARD_PREFIX = "LP"
GIFT_CARD_CODE_LENGTH = 16  # Saleor 2.10's GiftCard.code holds at most 16 characters


def _random_code(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length - len(prefix)))


def new_code() -> str:
    return _random_code(CODE_PREFIX, CODE_LENGTH)


def new_gift_card_code() -> str:
    return _random_code(GIFT_CARD_PREFIX, GIFT_CARD_CODE_LENGTH)


def issue_gift_card_on_checkout(*, checkout, code: str, amount, currency: str, user) -> None:
    """A gift card for the customer (2.10: ``user``; 3.x: ``created_by``/``assigned_to``)."""
    from saleor.giftcard.models import GiftCard

    owner_fields = {"user": user}
    if compat.HAS_CHANNELS:
        field_names = {field.name for field in GiftCard._meta.get_fields()}
        owner_fields = {name: user for name in ("created_by", "assigned_to") if name in field_names}
    gift_card = GiftCard.objects.create(
        code=code, currency=currency, initial_balance_amount=amount,
        current_balance_amount=amount, is_active=True, **owner_fields
    )
    checkout.gift_cards.add(gift_card)
    compat.checkout_prices_changed(checkout)


def withdraw_gift_card(*, code: str, checkout=None) -> None:
    """Take the gift card off the checkout (if it still exists) and deactivate it."""
    from saleor.giftcard.models import GiftCard

    gift_card = GiftCard.objects.filter(code=code).first()
    if gift_card is None:
        return
    if checkout is not None:
        checkout.gift_cards.remove(gift_card)
        compat.checkout_prices_changed(checkout)
    if gift_card.is_active:
        gift_card.is_active = False
        gift_card.save(update_fields=["is_active"])


def upsert_voucher(*, code: str, spec: RewardSpec, currency: str, channel: str = "") -> None:
    if compat.HAS_CHANNELS:
        _upsert_channel_voucher(code=code, spec=spec, currency=currency, channel=channel)
        return
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


def issue_free_unit_voucher(*, code: str, card, currency: str, channel: str = "") -> None:
    """100% off one unit of the card's product or category, usable once."""
    from django.conf import settings
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher
    from saleor.product.models import Category, Product

    fields = dict(
        name="Loyalty: %s: one free" % card.name, type=VoucherType.SPECIFIC_PRODUCT,
        discount_value_type=DiscountValueType.PERCENTAGE, apply_once_per_order=True,
        usage_limit=1,
    )
    if compat.HAS_CHANNELS:
        from saleor.channel.models import Channel
        from saleor.discount.models import VoucherChannelListing, VoucherCode

        voucher = Voucher.objects.create(**fields)
        VoucherCode.objects.create(code=code, voucher=voucher, is_active=True)
        VoucherChannelListing.objects.create(
            voucher=voucher, channel=Channel.objects.get(slug=channel), discount_value=100,
            currency=currency,
        )
    else:
        voucher = Voucher.objects.create(
            code=code, discount_value=100, currency=currency or settings.DEFAULT_CURRENCY, **fields
        )
    if card.product_sku:
        voucher.products.set(Product.objects.filter(variants__sku=card.product_sku))
    else:
        voucher.categories.set(Category.objects.filter(slug=card.category))


def unused_codes(codes) -> set:
    if compat.HAS_CHANNELS:
        from saleor.discount.models import VoucherCode

        rows = VoucherCode.objects.filter(code__in=list(codes), used=0, is_active=True)
        return set(rows.values_list("code", flat=True))
    from saleor.discount.models import Voucher

    return set(Voucher.objects.filter(code__in=list(codes), used=0).values_list("code", flat=True))


def _upsert_channel_voucher(*, code: str, spec: RewardSpec, currency: str, channel: str) -> None:
    """Saleor 3: the voucher, its code, and the channel listing that holds the value."""
    from saleor.channel.models import Channel
    from saleor.discount import DiscountValueType, VoucherType
    from saleor.discount.models import Voucher, VoucherChannelListing, VoucherCode

    code_row = VoucherCode.objects.select_related("voucher").filter(code=code).first()
    voucher = code_row.voucher if code_row else Voucher()
    voucher.name = "Loyalty: %s" % spec.label
    voucher.type = VoucherType.SHIPPING if spec.is_shipping else VoucherType.ENTIRE_ORDER
    voucher.discount_value_type = DiscountValueType.PERCENTAGE
    voucher.end_date = None
    voucher.save()
    if code_row is None:
        VoucherCode.objects.create(code=code, voucher=voucher, is_active=True)
    else:
        VoucherCode.objects.filter(pk=code_row.pk).update(is_active=True)
    VoucherChannelListing.objects.update_or_create(
        voucher=voucher, channel=Channel.objects.get(slug=channel),
        defaults={"discount_value": spec.percent, "currency": currency,
                  "min_spent_amount": spec.min_spent or None},
    )


def retire_voucher(code: str) -> None:
    if compat.HAS_CHANNELS:
        from saleor.discount.models import Voucher, VoucherCode

        VoucherCode.objects.filter(code=code).update(is_active=False)
        Voucher.objects.filter(codes__code=code).update(end_date=timezone.now())
        return
    from saleor.discount.models import Voucher

    Voucher.objects.filter(code=code).update(end_date=timezone.now())
