"""Why an order has (or has not yet) its points, as a merchant reads it."""
from datetime import datetime
from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core import order_points as states
from saleor_loyalty_plugin.core.order_points import EarnedPoints, order_points
from tests.core.test_earning import order, program


def test_an_unconfirmed_saleor3_order_says_staff_must_confirm_it():
    # given: an order from an unpaid checkout, marked as paid, still UNCONFIRMED
    snapshot = order(is_draft=True, is_awaiting_confirmation=True)

    # when
    result = order_points(snapshot, program(), earned=None)

    # then
    assert result.state == states.AWAITING_CONFIRMATION
    assert result.points == 0
    assert "confirm" in result.message


@pytest.mark.parametrize(
    "overrides, raw, expected",
    [
        ({"is_cancelled": True}, {}, states.CANCELLED),
        ({"is_draft": True}, {}, states.DRAFT),
        ({"is_fully_paid": False, "captured": Decimal("100")}, {}, states.AWAITING_PAYMENT),
        ({}, {"award_trigger": "order_fulfilled"}, states.AWAITING_FULFILLMENT),
        ({"captured": Decimal("0"), "is_fully_paid": True}, {}, states.NOTHING_TO_EARN),
    ],
)
def test_orders_without_points_say_why(overrides, raw, expected):
    assert order_points(order(**overrides), program(**raw), earned=None).state == expected


def test_a_paid_order_whose_sync_has_not_run_shows_the_points_coming():
    result = order_points(order(), program(), earned=None)

    assert (result.state, result.points) == (states.PROCESSING, 216)


def test_program_switched_off_is_named_before_anything_else():
    result = order_points(order(is_awaiting_confirmation=True, is_draft=True), None, earned=None)

    assert result.state == states.PROGRAM_INACTIVE


def test_ledger_rows_decide_once_they_exist():
    available_at = datetime(2026, 12, 25)
    pending = EarnedPoints(points=216, taken_back=16, is_pending=True, available_at=available_at)
    spent = EarnedPoints(points=216, taken_back=0, is_pending=False, available_at=available_at)
    gone = EarnedPoints(points=216, taken_back=216, is_pending=False, available_at=available_at)

    def state_and_points(result):
        return result.state, result.points

    assert state_and_points(order_points(order(), program(), pending)) == (states.PENDING, 200)
    assert state_and_points(order_points(order(), None, spent)) == (states.AVAILABLE, 216)
    assert state_and_points(
        order_points(order(is_cancelled=True), program(), gone)) == (states.TAKEN_BACK, 0)
    assert "16 taken back" in order_points(order(), program(), pending).message
