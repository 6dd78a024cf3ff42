"""Members' issued reward codes, for many accounts at once.

The API reads them through a dataloader, so a staff listing of a hundred
members asks once per page, and a single member is simply a list of one.
"""
from collections import defaultdict
from typing import Dict

from .models import LoyaltyReward


def active_reward_codes_by_account(account_ids) -> Dict[int, Dict[str, str]]:
    """{account id: {reward kind: the member's voucher code}} for rewards already issued."""
    codes: Dict[int, Dict[str, str]] = defaultdict(dict)
    rows = LoyaltyReward.objects.filter(account_id__in=list(account_ids), is_active=True)
    for account_id, kind, code in rows.values_list("account_id", "kind", "voucher_code"):
        codes[account_id][kind] = code
    return dict(codes)
