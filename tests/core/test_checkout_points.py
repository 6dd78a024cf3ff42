"""A checkout's points before it is placed: the award's and the redemption's own rules."""
from dataclasses import replace
from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core.checkout_points import most_redeemable_points, points_to_earn
from saleor_loyalty_plugin.core.earning import OrderSnapshot, points_for_order
from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.core.program import parse_program_settings
from saleor_loyalty_plugin.core.redemption import (
    RedemptionRules,
    allowed_amount,
    redemption_amount,
)

SETTINGS = parse_program_settings({"points_per_currency_unit": "1"})
RULES = RedemptionRules(points_per_currency_unit=Decimal("100"), min_points=500, step=100,
                        max_order_percent=Decimal("50"))


def paid_order(total, shipping):
    return OrderSnapshot(
        order_id="1", order_number="1", channel="c", currency="USD", customer_user_id=1,
        customer_email="a@example.com", total=Decimal(total), shipping=Decimal(shipping),
        captured=Decimal(total), refunded=Decimal("0"), is_fully_paid=True,
        is_fulfilled=False, is_cancelled=False,
    )


@pytest.mark.parametrize("to_pay, shipping, include_shipping, multiplier, rounding", [
    ("77", "10", False, "1", "down"),
    ("77", "10", True, "1", "down"),
    ("236.00", "20.00", False, "1.25", "down"),
    ("99.99", "0", False, "1.5", "nearest"),
    ("45.50", "12.25", False, "2", "up"),
])
def test_a_checkout_earns_what_its_paid_order_will(to_pay, shipping, include_shipping,
                                                   multiplier, rounding):
    # given
    settings = replace(SETTINGS, include_shipping=include_shipping, rounding=rounding)

    # when
    preview = points_to_earn(to_pay=Decimal(to_pay), shipping=Decimal(shipping),
                             currency="USD", settings=settings, multiplier=Decimal(multiplier))

    # then: the award's own function on the order the checkout becomes
    assert preview == points_for_order(paid_order(to_pay, shipping), settings, Decimal(multiplier))


def test_shipping_earns_nothing_unless_the_program_says_so():
    # $77 to pay, $10 of it shipping: 67 points, or 77 with shipping
    assert points_to_earn(to_pay=Decimal("77"), shipping=Decimal("10"), currency="USD",
                          settings=SETTINGS) == 67
    assert points_to_earn(to_pay=Decimal("77"), shipping=Decimal("10"), currency="USD",
                          settings=replace(SETTINGS, include_shipping=True)) == 77


def test_a_checkout_paid_entirely_with_points_earns_nothing():
    assert points_to_earn(to_pay=Decimal("0"), shipping=Decimal("0"), currency="USD",
                          settings=SETTINGS) == 0


def allowed(order):
    return allowed_amount(rules=RULES, order_amount=Decimal(order),
                          other_loyalty_discount=Decimal("0"), max_discount_percent=Decimal("100"))


@pytest.mark.parametrize("order", ["0", "4.99", "10", "80", "108.37", "216"])
def test_the_most_redeemable_points_are_accepted_and_one_step_more_is_not(order):
    for available in range(0, 6001, 37):
        # when
        most = most_redeemable_points(available=available, rules=RULES, allowed=allowed(order))

        # then: loyaltyRedeemPoints' own rule accepts exactly this many, refuses a step more
        if most:
            assert redemption_amount(points=most, available=available, rules=RULES,
                                     allowed=allowed(order)) > 0
        with pytest.raises(LoyaltyError):
            redemption_amount(points=most + RULES.step, available=available, rules=RULES,
                              allowed=allowed(order))
        if most == 0:
            for points in range(RULES.step, max(available, RULES.step) + 1, RULES.step):
                with pytest.raises(LoyaltyError):
                    redemption_amount(points=points, available=available, rules=RULES,
                                      allowed=allowed(order))


def test_usable_points_follow_balance_step_and_share():
    # 850 points in steps of 100: 800; half of $80 is $40 = 4,000 points, so the balance caps
    assert most_redeemable_points(available=850, rules=RULES, allowed=allowed("80")) == 800
    # half of $20 is $10 = 1,000 points, so the share caps
    assert most_redeemable_points(available=5000, rules=RULES, allowed=allowed("20")) == 1000
    # the minimum is 500 points ($5): a $8 order allows $4, so none
    assert most_redeemable_points(available=5000, rules=RULES, allowed=allowed("8")) == 0


def test_no_points_are_usable_while_redemption_is_off():
    rules = RedemptionRules(points_per_currency_unit=Decimal("0"))

    assert most_redeemable_points(available=5000, rules=rules, allowed=Decimal("100")) == 0
