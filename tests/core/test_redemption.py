from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.core.redemption import (
    RedemptionRules,
    allowed_amount,
    largest_redeemable,
    max_points_for,
    points_for_unspent,
    points_to_return,
    redemption_amount,
    value_of,
)

RULES = RedemptionRules(points_per_currency_unit=Decimal("100"), min_points=100, step=100,
                        max_order_percent=Decimal("50"))


def amount(points, available=10_000, order="216", other="0", cap="100", rules=RULES):
    allowed = allowed_amount(rules=rules, order_amount=Decimal(order),
                             other_loyalty_discount=Decimal(other),
                             max_discount_percent=Decimal(cap))
    return redemption_amount(points=points, available=available, rules=rules, allowed=allowed)


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


@pytest.mark.parametrize("unspent, points", [
    ("5.00", 500), ("9.00", 500), ("2.50", 250), ("2.49", 249), ("0", 0), ("-1", 0),
])
def test_points_come_back_only_for_unspent_gift_card_value(unspent, points):
    assert points_for_unspent(redeemed_points=500, amount=Decimal("5.00"),
                              unspent=Decimal(unspent)) == points


@pytest.mark.parametrize("held, allowed, kept", [
    (3000, "40.00", 3000),   # still fits
    (3000, "10.00", 1000),   # shrinks to what fits, in steps
    (3000, "10.50", 1000),   # never above the new cap
    (3000, "0.99", 0),       # below the minimum: the redemption goes
    (3000, "0", 0),
])
def test_a_redemption_shrinks_to_what_the_changed_checkout_allows(held, allowed, kept):
    assert largest_redeemable(points=held, rules=RULES, allowed=Decimal(allowed)) == kept


JPY_RULES = RedemptionRules(points_per_currency_unit=Decimal("1"), min_points=100, step=1,
                            max_order_percent=Decimal("50"))


def test_yen_have_no_decimals_and_dinars_three():
    # given: 1 point = 1 yen; 1000 points = 1 dinar
    dinar_rules = RedemptionRules(points_per_currency_unit=Decimal("1000"), min_points=1)

    # then: amounts are whole yen and whole fils, never cents
    assert str(value_of(1234, JPY_RULES, "JPY")) == "1234"
    assert str(value_of(1234, dinar_rules, "KWD")) == "1.234"
    assert str(value_of(1234, dinar_rules, "USD")) == "1.23"


def test_the_cap_on_a_yen_order_is_whole_yen():
    # given: half of a 1,999-yen order
    allowed = allowed_amount(rules=JPY_RULES, order_amount=Decimal("1999"),
                             other_loyalty_discount=Decimal("0"),
                             max_discount_percent=Decimal("100"), currency="JPY")

    # then: 999 yen, so 999 points fit and 1,000 do not
    assert allowed == Decimal("999")
    assert redemption_amount(points=999, available=5000, rules=JPY_RULES, allowed=allowed,
                             currency="JPY") == Decimal("999")
    with pytest.raises(LoyaltyError):
        redemption_amount(points=1000, available=5000, rules=JPY_RULES, allowed=allowed,
                          currency="JPY")
    assert largest_redeemable(points=5000, rules=JPY_RULES, allowed=allowed, currency="JPY") == 999


def test_points_that_would_buy_less_than_a_yen_are_refused():
    # given: 3 points = 1 yen
    rules = RedemptionRules(points_per_currency_unit=Decimal("3"), min_points=1)

    # then: 3,001 points would pay 1,000 yen and lose a point; 3,000 pay the same
    with pytest.raises(LoyaltyError) as refused:
        redemption_amount(points=3001, available=5000, rules=rules, allowed=Decimal("5000"),
                          currency="JPY")
    assert refused.value.message == "3001 points are worth 1000; use 3000 points."
    assert redemption_amount(points=3000, available=5000, rules=rules, allowed=Decimal("5000"),
                             currency="JPY") == Decimal("1000")
