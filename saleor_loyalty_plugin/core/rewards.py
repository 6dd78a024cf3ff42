"""Which discount a member is entitled to, and which one a checkout should carry.

Saleor allows one voucher per checkout, so the plugin keeps one voucher per
member and reward kind and puts the single best one on the checkout: the one
saving the most money right now.  A code the shopper typed stays unless ours
saves strictly more.  Every percentage is capped by the merchant's maximum
loyalty discount, and no reward is worth more than the amount it discounts.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional, Sequence, Tuple

from .tiers import Tier

KIND_THRESHOLD_DISCOUNT = "threshold_discount"
KIND_TIER_DISCOUNT = "tier_discount"
KIND_FREE_SHIPPING = "free_shipping"
KINDS = (KIND_THRESHOLD_DISCOUNT, KIND_TIER_DISCOUNT, KIND_FREE_SHIPPING)
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


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


def entitled_rewards(
    *, tier: Optional[Tier], threshold_percent: Decimal, threshold_min_order: Decimal,
    max_discount_percent: Decimal,
) -> Tuple[RewardSpec, ...]:
    specs = []
    if threshold_percent > 0:
        percent = min(threshold_percent, max_discount_percent)
        specs.append(RewardSpec(KIND_THRESHOLD_DISCOUNT, percent, threshold_min_order,
                                "%s%% off%s" % (plain_number(percent), _over(threshold_min_order))))
    if tier is not None and tier.discount_percent > 0:
        percent = min(tier.discount_percent, max_discount_percent)
        specs.append(RewardSpec(KIND_TIER_DISCOUNT, percent, tier.discount_min_order,
                                "%s: %s%% off%s" % (tier.name, plain_number(percent),
                                                    _over(tier.discount_min_order))))
    if tier is not None and tier.free_shipping:
        specs.append(RewardSpec(KIND_FREE_SHIPPING, HUNDRED, tier.free_shipping_min_order,
                                "%s: free shipping%s" % (tier.name, _over(tier.free_shipping_min_order))))
    return tuple(spec for spec in specs if spec.percent > 0)


def saving(spec: RewardSpec, *, subtotal: Decimal, shipping: Decimal) -> Decimal:
    """Money the reward takes off this checkout (0 below its minimum order)."""
    if subtotal < spec.min_spent:
        return Decimal("0")
    base = shipping if spec.is_shipping else subtotal
    return min((base * spec.percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP), base)


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
