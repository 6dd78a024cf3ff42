"""Reads for punch cards: progress, and free units still waiting to be used."""
from collections import defaultdict
from typing import Dict, List

from django.db.models import F, Q, Sum

from ..core.punch_cards import PunchCard
from ..hosts import host
from ..ledger.models import LoyaltyAccount
from ..rewards.member_codes import unused_rewards_by_account
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
    return units_punched_by_account([account.pk]).get(account.pk, {}).get(card.slug, 0)


def units_punched_by_account(account_ids) -> Dict[int, Dict[str, int]]:
    """{account id: {card slug: units}} from live punches, in one query (lists of accounts)."""
    units: Dict[int, Dict[str, int]] = defaultdict(dict)
    rows = (LoyaltyPunch.objects.filter(account_id__in=list(account_ids), voided_at__isnull=True)
            .values("account_id", "card_slug").annotate(total=Sum(F("units") - F("units_voided")))
            .values_list("account_id", "card_slug", "total"))
    for account_id, slug, total in rows:
        units[account_id][slug] = total
    return dict(units)


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


def punch_card_rewards_by_account(account_ids) -> Dict[int, List[LoyaltyReward]]:
    """{account id: the member's issued free-unit rewards whose voucher is still unused}."""
    return unused_rewards_by_account(account_ids, KIND_PREFIX + ":")
