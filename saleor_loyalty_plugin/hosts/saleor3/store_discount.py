"""Saleor 3's store-wide threshold discount: one order promotion per channel.

Saleor applies an order promotion by itself to every checkout of the channel
whose subtotal meets the rule, unless a voucher is on it (then the checkout
rule of the plugin compares the two), and carries it onto the order.  One
object, whatever the number of customers.
"""
from ..naming import EVERYONE, PURPOSE_STORE_DISCOUNT, owner_metadata, store_discount_name

STORE_DISCOUNT_IS_VOUCHER = False


def _promotion(reference: str):
    from django.core.exceptions import ValidationError
    from saleor.discount.models import Promotion

    if not reference:
        return None
    try:
        return Promotion.objects.filter(pk=reference).first()
    except (ValueError, ValidationError):  # not a promotion id (a 2.10 voucher code)
        return None


def upsert_store_discount(*, reference: str, spec, channel: str, currency: str, now) -> str:
    """Create or rewrite the channel's promotion; returns its id.

    ``reference`` is the id from last time, or a fresh code when there is none
    yet (which no promotion has: a new one is made).
    """
    from saleor.channel.models import Channel
    from saleor.discount import PromotionType, RewardType, RewardValueType
    from saleor.discount.models import Promotion, PromotionRule

    promotion = _promotion(reference) or Promotion(type=PromotionType.ORDER, start_date=now)
    promotion.name = store_discount_name(spec)
    promotion.end_date = None
    promotion.metadata = {**(promotion.metadata or {}),
                          **owner_metadata(PURPOSE_STORE_DISCOUNT, EVERYONE)}
    promotion.save()
    rule = promotion.rules.first() or PromotionRule(promotion=promotion)
    rule.name = spec.label
    minimum = spec.min_spent
    rule.order_predicate = {"discountedObjectPredicate": {"baseSubtotalPrice": {
        "range": {"gte": int(minimum) if minimum == int(minimum) else float(minimum)}}}}
    rule.reward_value_type = RewardValueType.PERCENTAGE
    rule.reward_value = spec.percent
    rule.reward_type = RewardType.SUBTOTAL_DISCOUNT
    rule.save()
    rule.channels.set(Channel.objects.filter(slug=channel))
    return str(promotion.pk)


def end_store_discount(*, reference: str) -> None:
    from django.utils import timezone

    promotion = _promotion(reference)
    if promotion is not None:
        promotion.end_date = timezone.now()
        promotion.save(update_fields=["end_date", "updated_at"])
