"""Expiry lots: spending consumes the oldest lots; what lapses is what is left of them."""
from datetime import datetime

import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.core.expiry import (
    MODE_AFTER_AVAILABLE,
    MODE_AFTER_INACTIVITY,
    ExpiryRule,
    Movement,
    expirable,
    lots,
    next_expiring,
    parse_expiry_rule,
    replay_expiries,
)

JAN, MAR, JUN = datetime(2025, 1, 10), datetime(2025, 3, 10), datetime(2025, 6, 10)


def test_spending_consumes_the_oldest_lot_first():
    movements = [Movement(100, JAN), Movement(50, MAR), Movement(-120, JUN)]

    left = lots(movements)

    assert [(lot.available_at, lot.points) for lot in left] == [(MAR, 30)]


def test_what_lapses_is_the_rest_of_the_lots_available_by_the_cutoff():
    movements = [Movement(100, JAN), Movement(50, MAR), Movement(-30, JUN)]

    assert expirable(movements, cutoff=datetime(2025, 2, 1)) == 70
    assert expirable(movements, cutoff=datetime(2025, 4, 1)) == 120
    assert expirable(movements, cutoff=datetime(2024, 12, 1)) == 0


def test_next_expiring_points_after_availability_are_the_oldest_lot():
    rule = ExpiryRule(mode=MODE_AFTER_AVAILABLE, months=12)
    movements = [Movement(100, JAN), Movement(50, MAR), Movement(-30, JUN)]

    points, when = next_expiring(movements, rule, last_order_at=MAR, as_of=JUN)

    assert (points, when) == (70, datetime(2026, 1, 10))


def test_after_inactivity_the_whole_balance_lapses_months_after_the_last_order():
    rule = ExpiryRule(mode=MODE_AFTER_INACTIVITY, months=6)
    movements = [Movement(100, JAN), Movement(50, MAR)]

    assert next_expiring(movements, rule, last_order_at=MAR, as_of=JUN) == (
        150, datetime(2025, 9, 10))


def test_replay_finds_an_expiry_that_took_too_much():
    good = Movement(-70, datetime(2026, 1, 11), expiry_cutoff=datetime(2025, 1, 11),
                    is_expiry=True)
    greedy = Movement(-120, datetime(2026, 1, 11), expiry_cutoff=datetime(2025, 1, 11),
                      is_expiry=True)
    before = [Movement(100, JAN), Movement(50, MAR), Movement(-30, JUN)]

    assert replay_expiries(before + [good]) == []
    assert replay_expiries(before + [greedy]) == [(3, 120, 70)]


@pytest.mark.parametrize("raw", [{"points_expiry": "sometimes"},
                                 {"points_expiry": "after_available", "points_expiry_months": "0"},
                                 {"points_expiry": "after_available", "points_expiry_months": "x"}])
def test_a_bad_rule_is_refused(raw):
    with pytest.raises(LoyaltyError):
        parse_expiry_rule(raw)
