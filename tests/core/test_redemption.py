from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.core.redemption import (
    RedemptionRules,
    max_points_for,
    points_to_return,
    redemption_amount,
)

RULES = RedemptionRules(points_per_currency_unit=Decimal("100"), min_points=100, step=100,
                        max_order_percent=Decimal("50"))


def amount(points, available=10_000, order="216", other="0", cap="100", rules=RULES):
    return redemption_amount(points=points, available=available, rules=rules,
                             order_amount=Decimal(order), other_loyalty_discount=Decimal(other),
                             max_discount_percent=Decimal(cap))


def test_points_buy_money_at_the_merchants_rate():
    assert amount(500) == Decimal("5.00")


def test_both_caps_apply():
    # half of $216 is $108; with a $21.60 voucher and a 30% cap: $64.80 - $21.60 = $43.20
    assert amount(4300, other="21.60", cap="30") == Decimal("43.00")
    with pytest.raises(LoyaltyError) as caught:
        amount(4400, other="21.60", cap="30")
    assert "At most 4300 points" in caught.value.message


@pytest.mark.parametrize("points, available, words", [
    (50, 1000, "at least 100"), (150, 1000, "steps of 100"), (600, 500, "500 points available"),
])
def test_refusals(points, available, words):
    with pytest.raises(LoyaltyError) as caught:
        amount(points, available=available)
    assert words in caught.value.message


def test_redemption_off_by_default():
    with pytest.raises(LoyaltyError):
        amount(500, rules=RedemptionRules(points_per_currency_unit=Decimal("0")))


def test_max_points_respects_the_step():
    assert max_points_for(Decimal("43.21"), RULES) == 4300


@pytest.mark.parametrize("refunded, cancelled, expected", [
    ("0", False, 0), ("50", False, 250), ("100", False, 500), ("0", True, 500),
])
def test_points_come_back_with_refunds_and_cancellation(refunded, cancelled, expected):
    assert points_to_return(redeemed_points=500, paid=Decimal("100"), refunded=Decimal(refunded),
                            cancelled=cancelled) == expected
