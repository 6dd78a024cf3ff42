"""Members' issued reward codes, for many accounts at once.

The API reads them through a dataloader, so a staff listing of a hundred
members asks once per page, and a single member is simply a list of one.
"""
from collections import defaultdict
from typing import Dict, List

from ..hosts import host

from .models import LoyaltyReward


def active_rewards_by_account(account_ids) -> Dict[int, Dict[str, LoyaltyReward]]:
    """{account id: {reward kind: the member's active reward}} for rewards already issued."""
    rewards: Dict[int, Dict[str, LoyaltyReward]] = defaultdict(dict)
    for reward in LoyaltyReward.objects.filter(account_id__in=list(account_ids), is_active=True):
        rewards[reward.account_id][reward.kind] = reward
    return dict(rewards)


def unused_rewards_by_account(account_ids, kind_prefix: str) -> Dict[int, List[LoyaltyReward]]:
    """{account id: active rewards of kinds ``<kind_prefix>...`` whose voucher is unused}.

    For once-usable codes (punch-card free units, next-purchase offers): one
    query and one voucher check for many accounts.
    """
    issued = list(LoyaltyReward.objects.filter(
        account_id__in=list(account_ids), kind__startswith=kind_prefix, is_active=True
    ).order_by("pk"))
    unused = host.unused_codes([reward.voucher_code for reward in issued]) if issued else set()
    by_account: Dict[int, List[LoyaltyReward]] = defaultdict(list)
    for reward in issued:
        if reward.voucher_code in unused:
            by_account[reward.account_id].append(reward)
    return dict(by_account)
