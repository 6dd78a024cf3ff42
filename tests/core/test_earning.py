from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core.earning import (
    OrderSnapshot,
    clawback_target,
    is_award_due,
    points_for_order,
)
from saleor_loyalty_plugin.core.program import parse_program_settings


def order(**overrides):
    values = dict(
        order_id="1", order_number="1", channel="", currency="USD", customer_user_id=7,
        customer_email="a@example.com", total=Decimal("236"), shipping=Decimal("20"),
        captured=Decimal("236"), refunded=Decimal("0"), is_fully_paid=True,
        is_fulfilled=False, is_cancelled=False,
    )
    values.update(overrides)
    return OrderSnapshot(**values)


def program(**raw):
    return parse_program_settings(raw)


def test_points_are_earned_on_paid_money_less_shipping():
    assert points_for_order(order(), program()) == 216


def test_shipping_earns_when_included():
    assert points_for_order(order(), program(include_shipping="true")) == 236


def test_gift_card_part_earns_nothing_and_shipping_share_is_proportional():
    # $100 of $236 paid by gift card: $136 of money, of which 216/236 is merchandise
    assert points_for_order(order(captured=Decimal("136")), program()) == 124


@pytest.mark.parametrize("rounding, expected", [("down", 24), ("nearest", 25), ("up", 25)])
def test_rounding_modes(rounding, expected):
    snapshot = order(total=Decimal("24.60"), shipping=Decimal("0"), captured=Decimal("24.60"))
    assert points_for_order(snapshot, program(rounding=rounding)) == expected


def test_rate_multiplies():
    assert points_for_order(order(), program(points_per_currency_unit="2.5")) == 540


def test_zero_total_earns_nothing():
    snapshot = order(total=Decimal("0"), shipping=Decimal("0"), captured=Decimal("0"))
    assert points_for_order(snapshot, program()) == 0


@pytest.mark.parametrize(
    "overrides, raw, due",
    [
        ({}, {}, True),
        ({"is_fully_paid": False}, {}, False),
        ({"customer_user_id": None}, {}, False),
        ({"is_cancelled": True}, {}, False),
        ({"is_draft": True}, {}, False),
        ({}, {"award_trigger": "order_fulfilled"}, False),
        ({"is_fulfilled": True}, {"award_trigger": "order_fulfilled"}, True),
    ],
)
def test_when_an_award_is_due(overrides, raw, due):
    assert is_award_due(order(**overrides), program(**raw)) is due


@pytest.mark.parametrize(
    "refunded, expected",
    [("0", 0), ("59", 54), ("118", 108), ("235.99", 216), ("200", 184), ("236", 216), ("300", 216)],
)
def test_refunds_take_back_points_in_proportion(refunded, expected):
    target = clawback_target(
        awarded_points=216, paid_at_award=Decimal("236"), refunded_total=Decimal(refunded)
    )
    assert target == expected


def test_clawback_of_nothing_awarded_is_nothing():
    assert clawback_target(
        awarded_points=0, paid_at_award=Decimal("10"), refunded_total=Decimal("10")
    ) == 0


@pytest.mark.parametrize("refunded, shipping_part, shipping_earns, expected", [
    ("20", "20", False, 0),      # shipping alone back: shipping earned nothing
    ("236", "20", False, 216),   # shipping, then every item: everything back
    ("128", "20", False, 108),   # shipping and one of two jackets: half
    ("20", "20", True, 19),      # where shipping earned, its refund takes its share
    ("20", "0", False, 19),      # an amount Saleor cannot place: shared out
])
def test_a_refund_known_to_be_shipping_takes_back_only_what_shipping_earned(
        refunded, shipping_part, shipping_earns, expected):
    assert clawback_target(
        awarded_points=216, paid_at_award=Decimal("236"), refunded_total=Decimal(refunded),
        refunded_shipping=Decimal(shipping_part), shipping_earns=shipping_earns,
    ) == expected


@pytest.mark.parametrize("units, share, kept", [(5, "0", 5), (5, "0.2", 4), (5, "0.5", 2),
                                                (5, "1", 0), (3, "0.01", 2)])
def test_what_a_refund_leaves_is_rounded_down(units, share, kept):
    from saleor_loyalty_plugin.core.earning import kept_whole

    assert kept_whole(units, Decimal(share)) == kept
