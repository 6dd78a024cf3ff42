from decimal import Decimal

from saleor_loyalty_plugin.core.rewards import (
    best_reward,
    entitled_rewards,
    needs_renewal,
    saving,
    should_replace,
    store_discount,
)
from saleor_loyalty_plugin.core.tiers import parse_tiers

GOLD = parse_tiers(
    '[{"name": "Gold", "basis": "orders", "threshold": 1, "window": "lifetime",'
    ' "discount_percent": 10, "discount_min_order": 200, "free_shipping": true}]'
)[0]


def specs(tier=GOLD, cap="100"):
    return entitled_rewards(tier=tier, max_discount_percent=Decimal(cap))


def test_gold_member_is_entitled_to_a_discount_and_free_shipping():
    kinds = [(s.kind, s.percent, s.min_spent) for s in specs()]
    assert kinds == [("tier_discount", 10, 200), ("free_shipping", 100, 0)]


def test_no_tier_means_no_member_perks():
    assert specs(tier=None) == ()


def test_cap_limits_every_percentage():
    [tier, shipping] = specs(cap="8")
    threshold = store_discount(percent=Decimal("25"), min_order=Decimal("50"),
                               max_discount_percent=Decimal("8"))
    assert (threshold.percent, tier.percent, shipping.percent) == (8, 8, 100)
    assert threshold.label == "8% off on orders over 50"


def test_no_store_discount_when_the_merchant_sets_none():
    assert store_discount(percent=Decimal("0"), min_order=Decimal("50"),
                          max_discount_percent=Decimal("100")) is None


def test_member_codes_are_renewed_before_their_end_date():
    from datetime import datetime, timedelta

    now = datetime(2026, 12, 1)
    assert needs_renewal(None, now)
    assert needs_renewal(now + timedelta(days=14), now)
    assert not needs_renewal(now + timedelta(days=16), now)


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
    threshold = store_discount(percent=Decimal("12.50"), min_order=Decimal("150.00"),
                               max_discount_percent=Decimal("100"))
    labels = [spec.label for spec in (threshold,) + specs()]

    # then: no exponent notation or trailing zeros reach the dashboard or the storefront
    assert labels == [
        "12.5% off on orders over 150",
        "Gold: 10% off on orders over 200",
        "Gold: free shipping",
    ]
