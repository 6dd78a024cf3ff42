"""Reads for punch cards: progress, and free units still waiting to be used."""
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
    return sum(punches.values_list("units", flat=True))


def rewards_issued(account: LoyaltyAccount, card: PunchCard) -> int:
    if account.pk is None:
        return 0
    return LoyaltyReward.objects.filter(
        account_id=account.pk, kind__startswith=card_kind_prefix(card)
    ).count()


def punch_card_rewards(account: LoyaltyAccount):
    """The member's issued free-unit rewards whose voucher is still unused."""
    if account.pk is None:
        return []
    issued = list(LoyaltyReward.objects.filter(
        account_id=account.pk, kind__startswith=KIND_PREFIX + ":", is_active=True))
    unused = host.unused_codes([reward.voucher_code for reward in issued])
    return [reward for reward in issued if reward.voucher_code in unused]
