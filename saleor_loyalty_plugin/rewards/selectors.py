"""Reads for member rewards: whose code is this, and what does a member hold."""
from typing import Optional

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


def spec_of(reward: LoyaltyReward) -> core.RewardSpec:
    return core.RewardSpec(kind=reward.kind, percent=reward.percent,
                           min_spent=reward.min_spent, label=reward.label)
