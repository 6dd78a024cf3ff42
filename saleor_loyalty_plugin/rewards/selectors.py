"""Reads for member rewards: whose code is this, and what does a member hold."""
from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from ..core import rewards as core
from .models import LoyaltyReward

NOT_YOURS = "This code belongs to another customer's loyalty rewards."


def reward_for_code(code: Optional[str]) -> Optional[LoyaltyReward]:
    if not code:
        return None
    return LoyaltyReward.objects.select_related("account").filter(voucher_code=code).first()


def is_loyalty_code(code: Optional[str]) -> bool:
    return bool(code) and LoyaltyReward.objects.filter(voucher_code=code).exists()


def foreign_reward(checkout) -> Optional[LoyaltyReward]:
    """The loyalty reward on the checkout if it is not the checkout customer's own."""
    reward = reward_for_code(checkout.voucher_code)
    if reward is None or (checkout.user_id and reward.account.user_id == checkout.user_id):
        return None
    return reward



@dataclass(frozen=True)
class AvailableReward:
    """A discount the customer can get now, as storefronts list it."""

    kind: str
    percent: object
    min_spent: object
    label: str
    code: Optional[str] = None  # null until issued, or where Saleor applies it by itself
    expires_at: Optional[datetime] = None


def automatic_rewards(member_specs, *, issued, store) -> List[AvailableReward]:
    """The store-wide discount and the member's perks (with their codes, once issued).

    ``issued`` is {kind: the member's active LoyaltyReward} and ``store`` the
    channel's StoreDiscount or None (both read in bulk by the API).
    """
    rewards = []
    if store is not None:
        rewards.append(AvailableReward(store.spec.kind, store.spec.percent, store.spec.min_spent,
                                       store.spec.label, code=store.voucher_code))
    for spec in member_specs:
        reward = issued.get(spec.kind)
        rewards.append(AvailableReward(
            spec.kind, spec.percent, spec.min_spent, spec.label,
            code=reward.voucher_code if reward else None,
            expires_at=reward.valid_until if reward else None))
    return rewards


def spec_of(reward: LoyaltyReward) -> core.RewardSpec:
    return core.RewardSpec(kind=reward.kind, percent=reward.percent,
                           min_spent=reward.min_spent, label=reward.label)
