"""Reads for punch cards: progress, and free units still waiting to be used."""
from django.db.models import Q

from ..core.punch_cards import PunchCard
from ..hosts import host
from ..ledger.models import LoyaltyAccount
from ..rewards.models import LoyaltyReward
from .models import LoyaltyPunch

KIND_PREFIX = "punch_card"


def card_kind_prefix(card: PunchCard) -> str:
    """Reward kinds of one card are "punch_card:<slug>:<n>"."""
    return "%s:%s:" % (KIND_PREFIX, card.slug)


def reward_kind(card: PunchCard, number: int) -> str:
    return "%s%d" % (card_kind_prefix(card), number)


def units_punched(account: LoyaltyAccount, card: PunchCard) -> int:
    if account.pk is None:
        return 0
    punches = LoyaltyPunch.objects.filter(account_id=account.pk, card_slug=card.slug,
                                          voided_at__isnull=True)
    return sum(units - voided for units, voided in punches.values_list("units", "units_voided"))


def rewards_issued(account: LoyaltyAccount, card: PunchCard) -> int:
    """Free units issued for this card (active or not: a number is never reused)."""
    if account.pk is None:
        return 0
    return LoyaltyReward.objects.filter(
        account_id=account.pk, kind__startswith=card_kind_prefix(card)
    ).count()


def rewards_standing(account: LoyaltyAccount, card: PunchCard):
    """Free units of this card still counted as earned, newest first.

    Used or not; only those retired because their punches were undone drop
    out (one suspended with the program still stands).
    """
    return list(LoyaltyReward.objects.filter(
        Q(is_active=True) | Q(suspended=True),
        account_id=account.pk, kind__startswith=card_kind_prefix(card),
    ).order_by("-pk"))


def punch_card_rewards(account: LoyaltyAccount):
    """The member's issued free-unit rewards whose voucher is still unused."""
    if account.pk is None:
        return []
    issued = list(LoyaltyReward.objects.filter(
        account_id=account.pk, kind__startswith=KIND_PREFIX + ":", is_active=True))
    unused = host.unused_codes([reward.voucher_code for reward in issued])
    return [reward for reward in issued if reward.voucher_code in unused]
