"""Members' issued reward codes, for many accounts at once.

The API reads them through a dataloader, so a staff listing of a hundred
members asks once per page, and a single member is simply a list of one.
"""
from collections import defaultdict
from typing import Dict

from .models import LoyaltyReward


def active_rewards_by_account(account_ids) -> Dict[int, Dict[str, LoyaltyReward]]:
    """{account id: {reward kind: the member's active reward}} for rewards already issued."""
    rewards: Dict[int, Dict[str, LoyaltyReward]] = defaultdict(dict)
    for reward in LoyaltyReward.objects.filter(account_id__in=list(account_ids), is_active=True):
        rewards[reward.account_id][reward.kind] = reward
    return dict(rewards)
