"""The next-purchase offer: a personal, once-usable Saleor voucher.

Bound like every member code (a ``LoyaltyReward`` row says whose it is, so
the checkout hooks take it off anyone else's checkout and refuse it at
completion), dated, and armed for exactly one use: its kind is not a member
perk, so the order that uses it never re-arms it.
"""
from decimal import Decimal

from django.db import IntegrityError, transaction

from ..core.rewards import RewardSpec, plain_number
from ..hosts import host
from ..ledger import services as ledger
from ..rewards.codes import new_voucher_code
from ..rewards.models import LoyaltyReward

KIND_PREFIX = "next_purchase:"


def offer_kind(order_id: str) -> str:
    return KIND_PREFIX + str(order_id)


def offer_label(percent: Decimal) -> str:
    return "%s%% off your next order" % plain_number(percent)


def issue_offer(*, user, channel: str, order_id: str, journey, now) -> LoyaltyReward:
    """The customer's offer for this order, issued once (a rerun finds the same code)."""
    account = ledger.get_or_create_account(user=user, channel=channel)
    kind = offer_kind(order_id)
    existing = LoyaltyReward.objects.filter(account=account, kind=kind).first()
    if existing is not None:
        return existing
    percent = journey.next_purchase_percent
    spec = RewardSpec(kind=kind, percent=percent, min_spent=Decimal("0"),
                      label=offer_label(percent))
    try:
        with transaction.atomic():
            reward = LoyaltyReward.objects.create(
                account=account, kind=kind, voucher_code=new_voucher_code(), percent=percent,
                min_spent=0, label=spec.label, valid_until=now + journey.next_purchase_validity)
            host.upsert_voucher(code=reward.voucher_code, spec=spec,
                                currency=host.channel_currency(channel), channel=channel,
                                owner_email=account.email, valid_until=reward.valid_until)
    except IntegrityError:  # a concurrent run issued it
        return LoyaltyReward.objects.get(account=account, kind=kind)
    return reward
