"""The insight definitions, by hand-computed figures."""
from datetime import date
from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core import insights
from saleor_loyalty_plugin.core.errors import LoyaltyError


def test_retention_of_the_playbook_example_is_ninety_percent():
    # given S=200 customers at the start, E=230 at the end, N=50 new
    # then ((230 - 50) / 200) x 100
    assert insights.retention_rate(200, 230, 50) == Decimal("90.00")


def test_retention_without_customers_at_the_start_is_unknown():
    assert insights.retention_rate(0, 10, 10) is None


def test_repeat_frequency_gaps_aov_and_revenue_per_customer():
    assert insights.repeat_purchase_rate(8, 2) == Decimal("25.00")
    assert insights.purchase_frequency(11, 8) == Decimal("1.38")
    # one buyer 10 days apart over 1 gap, one 30 days over 2 gaps: 40 / 3
    assert insights.average_days_between_orders(40, 3) == Decimal("13.33")
    assert insights.average_order_value(Decimal("100"), 3) == Decimal("33.33")
    assert insights.revenue_per_customer(Decimal("100"), 4) == Decimal("25.00")
    assert insights.purchase_frequency(0, 0) is None


@pytest.mark.parametrize("customers,share,expected", [
    (10, Decimal("20"), 2), (7, Decimal("20"), 2), (1, Decimal("20"), 1), (0, Decimal("20"), 0),
    (3, Decimal("100"), 3),
])
def test_top_count_rounds_up(customers, share, expected):
    assert insights.top_count(customers, share) == expected


def test_pareto_share_and_curve():
    revenues = [Decimal(v) for v in (500, 300, 100, 50, 50)]
    # top 20% of 5 = 1 customer: 500 of 1000
    assert insights.pareto_share(revenues, Decimal("20")) == Decimal("50.00")
    curve = insights.pareto_curve(revenues, points=5)
    assert curve[0] == (Decimal("0"), Decimal("0"))
    assert curve[1] == (Decimal("20.00"), Decimal("50.00"))
    assert curve[2] == (Decimal("40.00"), Decimal("80.00"))
    assert curve[-1] == (Decimal("100.00"), Decimal("100.00"))


def test_cohort_rates_and_liability():
    assert insights.cohort_rates(4, [4, 2, 1]) == (Decimal("100.00"), Decimal("50.00"),
                                                   Decimal("25.00"))
    assert insights.liability(1250, Decimal("100")) == Decimal("12.50")
    assert insights.liability(1250, Decimal("0")) is None


@pytest.mark.parametrize("kind,day,expected", [
    ("month", date(2024, 2, 14), (date(2024, 2, 1), date(2024, 3, 1))),
    ("quarter", date(2024, 5, 31), (date(2024, 4, 1), date(2024, 7, 1))),
    ("quarter", date(2024, 12, 1), (date(2024, 10, 1), date(2025, 1, 1))),
    ("year", date(2024, 5, 31), (date(2024, 1, 1), date(2025, 1, 1))),
])
def test_calendar_periods(kind, day, expected):
    assert insights.period_bounds(kind, day) == expected


def test_custom_period_includes_its_last_day_and_refuses_reversed_ranges():
    assert insights.period_bounds("custom", start=date(2024, 1, 5), end=date(2024, 1, 9)) == (
        date(2024, 1, 5), date(2024, 1, 10))
    with pytest.raises(LoyaltyError) as refused:
        insights.period_bounds("custom", start=date(2024, 1, 9), end=date(2024, 1, 5))
    assert refused.value.field == "to"
    with pytest.raises(LoyaltyError):
        insights.period_bounds("week", date(2024, 1, 1))


def test_settings_are_validated():
    assert insights.parse_insight_settings({}) == insights.InsightSettings(12, Decimal("20"))
    parsed = insights.parse_insight_settings({insights.FIELD_ACTIVITY_MONTHS: "6",
                                              insights.FIELD_TOP_SHARE: "10"})
    assert parsed == insights.InsightSettings(6, Decimal("10"))
    for raw in ({insights.FIELD_ACTIVITY_MONTHS: "0"}, {insights.FIELD_ACTIVITY_MONTHS: "x"},
                {insights.FIELD_TOP_SHARE: "0"}, {insights.FIELD_TOP_SHARE: "101"},
                {insights.FIELD_TOP_SHARE: "abc"}):
        with pytest.raises(LoyaltyError):
            insights.parse_insight_settings(raw)


@pytest.mark.parametrize("window", [1, 2, 3, 12])
def test_each_active_customer_counts_once_at_each_month_start(window):
    # every set of order months within 8 months: counted once at t iff an order in [t-W, t)
    import itertools

    for size in range(0, 5):
        for months in itertools.combinations(range(8), size):
            for start in range(-1, 8 + window + 2):
                counted = 0
                for position, month in enumerate(months):
                    gap = month - months[position - 1] if position else None
                    first, stop = insights.counted_months(month, gap, window)
                    counted += first <= start < stop
                active = any(start - window <= month < start for month in months)
                assert counted == int(active), (months, start)
