from decimal import Decimal

from saleor_loyalty_plugin.core.rewards import (
    best_reward,
    entitled_rewards,
    saving,
    should_replace,
)
from saleor_loyalty_plugin.core.tiers import parse_tiers

GOLD = parse_tiers(
    '[{"name": "Gold", "basis": "orders", "threshold": 1, "window": "lifetime",'
    ' "discount_percent": 10, "discount_min_order": 200, "free_shipping": true}]'
)[0]


def specs(tier=GOLD, threshold="0", minimum="0", cap="100"):
    return entitled_rewards(tier=tier, threshold_percent=Decimal(threshold),
                            threshold_min_order=Decimal(minimum), max_discount_percent=Decimal(cap))


def test_gold_member_is_entitled_to_a_discount_and_free_shipping():
    kinds = [(s.kind, s.percent, s.min_spent) for s in specs()]
    assert kinds == [("tier_discount", 10, 200), ("free_shipping", 100, 0)]


def test_no_tier_and_no_threshold_means_nothing():
    assert specs(tier=None) == ()


def test_cap_limits_every_percentage():
    [threshold, tier, shipping] = specs(threshold="25", minimum="50", cap="8")
    assert (threshold.percent, tier.percent, shipping.percent) == (8, 8, 100)


def test_best_reward_by_money_saved():
    gold = specs()
    # $216 of goods, $20 shipping: 10% ($21.60) beats free shipping ($20)
    assert best_reward(gold, subtotal=Decimal("216"), shipping=Decimal("20")).kind == "tier_discount"
    # $150: under the $200 minimum, so free shipping
    assert best_reward(gold, subtotal=Decimal("150"), shipping=Decimal("20")).kind == "free_shipping"
    # nothing saves anything
    assert best_reward(gold, subtotal=Decimal("150"), shipping=Decimal("0")) is None


def test_saving_never_exceeds_what_it_discounts():
    [_, free_shipping] = specs()
    assert saving(free_shipping, subtotal=Decimal("10"), shipping=Decimal("20")) == Decimal("20")


def test_a_better_typed_code_is_kept_and_a_worse_one_replaced():
    assert not should_replace(current_saving=Decimal("30"), current_is_ours=False, best_saving=Decimal("21.6"))
    assert should_replace(current_saving=Decimal("5"), current_is_ours=False, best_saving=Decimal("21.6"))
    assert should_replace(current_saving=Decimal("30"), current_is_ours=True, best_saving=Decimal("21.6"))


def test_labels_read_as_people_write_amounts():
    # given: Gold's 10% over $200 (a Decimal whose normal form is 1E+1) and a 12.5% threshold
    labels = [spec.label for spec in specs(threshold="12.50", minimum="150.00")]

    # then: no exponent notation or trailing zeros reach the dashboard or the storefront
    assert labels == [
        "12.5% off on orders over 150",
        "Gold: 10% off on orders over 200",
        "Gold: free shipping",
    ]
