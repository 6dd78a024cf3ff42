"""Which discount a member is entitled to, and which one a checkout should carry.

Saleor allows one voucher per checkout, so the plugin keeps one voucher per
member and perk (tier discount, free shipping) and puts the single best
discount on the checkout: the one saving the most money right now, the
store-wide threshold discount included.  A code the shopper typed stays
unless ours saves strictly more.  Every percentage is capped by the
merchant's maximum loyalty discount, and no reward is worth more than the
amount it discounts.

A member's code is personal, so it is also bounded: armed for one use at a
time (re-armed after each of the member's orders) and dated (renewed while
the member stays entitled), so a code that escapes its owner, or that the
plugin cannot guard (switched off), is worth one order at most and dies by
itself.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Sequence, Tuple

from .money import round_money
from .tiers import Tier

KIND_THRESHOLD_DISCOUNT = "threshold_discount"
KIND_TIER_DISCOUNT = "tier_discount"
KIND_FREE_SHIPPING = "free_shipping"
KINDS = (KIND_THRESHOLD_DISCOUNT, KIND_TIER_DISCOUNT, KIND_FREE_SHIPPING)
# Perks issued as one voucher per member; the threshold discount is one object per channel.
MEMBER_KINDS = (KIND_TIER_DISCOUNT, KIND_FREE_SHIPPING)
HUNDRED = Decimal("100")
# A member code's end date, and how close to it the code is renewed.
CODE_VALIDITY = timedelta(days=30)
RENEW_WITHIN = timedelta(days=15)
# A free unit earned on a punch card stays usable this long.
FREE_UNIT_VALIDITY = timedelta(days=365)


def needs_renewal(valid_until: Optional[datetime], now: datetime) -> bool:
    """Whether a member's code should get a new end date now."""
    return valid_until is None or valid_until - now < RENEW_WITHIN


@dataclass(frozen=True)
class RewardSpec:
    """A discount a member is entitled to: percent off the order or off shipping."""

    kind: str
    percent: Decimal
    min_spent: Decimal
    label: str

    @property
    def is_shipping(self) -> bool:
        return self.kind == KIND_FREE_SHIPPING


def plain_number(value: Decimal) -> str:
    """How people write an amount: 10 -> "10", 12.50 -> "12.5" (never "1E+1")."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _over(min_order: Decimal) -> str:
    return " on orders over %s" % plain_number(min_order) if min_order > 0 else ""


def store_discount(*, percent: Decimal, min_order: Decimal,
                   max_discount_percent: Decimal) -> Optional[RewardSpec]:
    """The store-wide threshold discount (e.g. 10% off orders over 200), or None."""
    percent = min(percent, max_discount_percent)
    if percent <= 0:
        return None
    return RewardSpec(KIND_THRESHOLD_DISCOUNT, percent, min_order,
                      "%s%% off%s" % (plain_number(percent), _over(min_order)))


def entitled_rewards(*, tier: Optional[Tier], max_discount_percent: Decimal
                     ) -> Tuple[RewardSpec, ...]:
    """The member's own perks from their tier (one voucher each)."""
    specs = []
    if tier is not None and tier.discount_percent > 0:
        percent = min(tier.discount_percent, max_discount_percent)
        specs.append(RewardSpec(KIND_TIER_DISCOUNT, percent, tier.discount_min_order,
                                "%s: %s%% off%s" % (tier.name, plain_number(percent),
                                                    _over(tier.discount_min_order))))
    if tier is not None and tier.free_shipping:
        specs.append(RewardSpec(KIND_FREE_SHIPPING, HUNDRED, tier.free_shipping_min_order,
                                "%s: free shipping%s" % (tier.name, _over(tier.free_shipping_min_order))))
    return tuple(spec for spec in specs if spec.percent > 0)


def saving(spec: RewardSpec, *, subtotal: Decimal, shipping: Decimal, currency: str = ""
           ) -> Decimal:
    """Money the reward takes off this checkout (0 below its minimum order), in whole
    smallest units of the currency."""
    if subtotal < spec.min_spent:
        return Decimal("0")
    base = shipping if spec.is_shipping else subtotal
    return min(round_money(base * spec.percent / HUNDRED, currency, ROUND_HALF_UP), base)


def best_reward(
    specs: Sequence[RewardSpec], *, subtotal: Decimal, shipping: Decimal
) -> Optional[RewardSpec]:
    """The spec saving the most (first listed wins a tie); None if none saves anything."""
    best, best_saving = None, Decimal("0")
    for spec in specs:
        value = saving(spec, subtotal=subtotal, shipping=shipping)
        if value > best_saving:
            best, best_saving = spec, value
    return best


def should_replace(*, current_saving: Decimal, current_is_ours: bool, best_saving: Decimal) -> bool:
    """Swap the checkout's code for our best one?

    Our own code is swapped whenever the best one differs; a code the shopper
    typed only when ours saves strictly more.
    """
    if current_is_ours:
        return True
    return best_saving > current_saving
