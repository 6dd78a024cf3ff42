"""One checkout in points, before it becomes an order, for the storefront.

Everything here is read, never written: the award's rule says what the
checkout will earn, the redemption caps (``allowed_on_checkout``) say what
points may pay, and the checkout's own redemption and reward say what is on
it.  The shopper sees the numbers the order and ``loyaltyRedeemPoints`` will
produce, because they come from the same functions.
"""
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from ..core import redemption as core_redemption
from ..core.checkout_points import most_redeemable_points, points_to_earn
from ..hosts import host
from ..ledger.models import LoyaltyAccount
from ..program.selectors import active_program_for
from ..redemption.models import LoyaltyRedemption
from ..redemption.services import allowed_on_checkout
from ..rewards.models import LoyaltyReward
from ..rewards.selectors import reward_for_code
from ..tiers.selectors import earn_multiplier

ZERO = Decimal("0")


@dataclass(frozen=True)
class CheckoutLoyalty:
    checkout_token: str
    channel: str
    currency: str
    is_active: bool
    has_customer: bool
    to_pay: Decimal
    points_to_earn: int
    points_available: Optional[int]
    max_redeemable_points: int
    max_redeemable_value: Decimal
    redemption: Optional[LoyaltyRedemption]
    reward: Optional[LoyaltyReward]
    reward_discount: Decimal


def held_redemption(checkout_token: str) -> Optional[LoyaltyRedemption]:
    """The points held on the checkout now (at most one: a database constraint)."""
    return LoyaltyRedemption.objects.filter(
        checkout_token=checkout_token, state=LoyaltyRedemption.STATE_HELD).first()


def applied_reward(checkout) -> Optional[LoyaltyReward]:
    """The checkout customer's own loyalty voucher on it, if that is its voucher."""
    reward = reward_for_code(checkout.voucher_code)
    if reward is None or not checkout.user_id or reward.account.user_id != checkout.user_id:
        return None
    return reward


def checkout_loyalty_for(*, user, checkout_token: str) -> Optional[CheckoutLoyalty]:
    """The checkout in points, or None when there is none the requester may see.

    A checkout with a customer is theirs alone (it shows their balance); a
    guest's checkout answers whoever holds its id, as Saleor's own
    ``checkout`` query does, with what it would earn once they sign in.
    """
    checkout = host.get_checkout(checkout_token)
    if checkout is None or (checkout.user_id and checkout.user_id != getattr(user, "pk", None)):
        return None
    channel = host.checkout_channel(checkout)
    to_pay, shipping, currency = host.checkout_totals(checkout)
    settings = active_program_for(channel)
    redemption = held_redemption(checkout_token)
    reward = applied_reward(checkout)
    account = None
    if checkout.user_id:
        account = LoyaltyAccount.objects.filter(user_id=checkout.user_id, channel=channel).first()
    earned = most = 0
    if settings is not None:
        multiplier = earn_multiplier(account, settings) if account else Decimal("1")
        earned = points_to_earn(to_pay=to_pay, shipping=shipping, currency=currency,
                                settings=settings, multiplier=multiplier)
    if settings is not None and account is not None and settings.redemption.enabled:
        allowed, _ = allowed_on_checkout(checkout, settings)
        # a new redemption replaces the one held here, whose points come back first
        spendable = account.points_available + (redemption.points if redemption else 0)
        most = most_redeemable_points(available=spendable, rules=settings.redemption,
                                      allowed=allowed, currency=currency)
    return CheckoutLoyalty(
        checkout_token=checkout_token, channel=channel, currency=currency,
        is_active=settings is not None, has_customer=bool(checkout.user_id), to_pay=to_pay,
        points_to_earn=earned,
        points_available=(account.points_available if account else 0) if checkout.user_id
        else None,
        max_redeemable_points=most,
        max_redeemable_value=(core_redemption.value_of(most, settings.redemption, currency)
                              if most
                              else ZERO),
        redemption=redemption, reward=reward,
        reward_discount=host.checkout_amounts(checkout)[1] if reward else ZERO,
    )
