"""Merchant insights: the definitions, free of the database.

The merchants' playbook measures retention as ((E - N) / S) x 100 and says
most sales come from a few customers.  Every figure is defined here once, so
the GraphQL API, the staff page, the report command and the README agree;
the SQL in ``insights/selectors.py`` only counts what these functions divide.

Definitions:
- a *customer* is an e-mail address (guests included), counted at a moment
  when they have a paid, not cancelled order in the activity window before it
  (default 12 months);
- S = customers at the period's start, E = at its end, N = new customers
  (first paid order ever) during the period;
- periods are calendar months, quarters, years or a custom range of days in
  the shop's time zone; the end is exclusive.
"""
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Optional, Sequence, Tuple

from .calendar import add_months
from .errors import LoyaltyError, LoyaltyErrorCode

PERIOD_MONTH = "month"
PERIOD_QUARTER = "quarter"
PERIOD_YEAR = "year"
PERIOD_CUSTOM = "custom"
PERIODS = (PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR, PERIOD_CUSTOM)

FIELD_ACTIVITY_MONTHS = "insights_activity_months"
FIELD_TOP_SHARE = "insights_top_customer_percent"
DEFAULTS = {FIELD_ACTIVITY_MONTHS: "12", FIELD_TOP_SHARE: "20"}
MAX_CUSTOM_DAYS = 3660

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class InsightSettings:
    activity_months: int = 12
    top_share_percent: Decimal = Decimal("20")


def _invalid(field, message):
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=field)


def parse_insight_settings(raw) -> InsightSettings:
    """The merchant's insight settings from raw configuration values."""
    months_text = str(raw.get(FIELD_ACTIVITY_MONTHS) or DEFAULTS[FIELD_ACTIVITY_MONTHS]).strip()
    share_text = str(raw.get(FIELD_TOP_SHARE) or DEFAULTS[FIELD_TOP_SHARE]).strip()
    if not months_text.isdigit() or not 1 <= int(months_text) <= 120:
        raise _invalid(FIELD_ACTIVITY_MONTHS,
                       "The activity window must be a whole number of months from 1 to 120, "
                       "got %r." % months_text)
    try:
        share = Decimal(share_text)
    except ArithmeticError:
        share = Decimal("NaN")
    if not share.is_finite() or not Decimal("0") < share <= HUNDRED:
        raise _invalid(FIELD_TOP_SHARE,
                       "The best customers' share must be a percentage above 0 and at most "
                       "100, got %r." % share_text)
    return InsightSettings(activity_months=int(months_text), top_share_percent=share)


# periods -------------------------------------------------------------------

def period_bounds(kind: str, day: Optional[date] = None, start: Optional[date] = None,
                  end: Optional[date] = None) -> Tuple[date, date]:
    """``[first day, day after the last)`` of the period containing ``day``.

    A custom range names its first and last day (both included).
    """
    if kind not in PERIODS:
        raise _invalid("period", "Unknown period %r; choose one of: %s." % (kind, ", ".join(PERIODS)))
    if kind == PERIOD_CUSTOM:
        if start is None or end is None:
            raise _invalid("from", "A custom period needs both 'from' and 'to' dates.")
        if end < start:
            raise _invalid("to", "'to' must not be before 'from'.")
        if (end - start).days >= MAX_CUSTOM_DAYS:
            raise _invalid("to", "A custom period is at most %d days." % MAX_CUSTOM_DAYS)
        return start, end + timedelta(days=1)
    if day is None:
        raise _invalid("date", "Say which day's %s." % kind)
    if kind == PERIOD_MONTH:
        first = day.replace(day=1)
        return first, add_months(first, 1)
    if kind == PERIOD_QUARTER:
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return first, add_months(first, 3)
    first = date(day.year, 1, 1)
    return first, date(day.year + 1, 1, 1)


def months_between(first: date, later: date) -> int:
    return (later.year - first.year) * 12 + later.month - first.month


# figures -------------------------------------------------------------------

def percent(part, whole) -> Optional[Decimal]:
    """``part / whole x 100`` to two decimals; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT)


def ratio(part, whole, places: Decimal = CENT) -> Optional[Decimal]:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(places)


def retention_rate(at_start: int, at_end: int, new: int) -> Optional[Decimal]:
    """((E - N) / S) x 100: the share of the start's customers still customers at the end.

    S=200, E=230, N=50 gives 90.00.  None when the period starts with no customers.
    """
    return percent(at_end - new, at_start)


def repeat_purchase_rate(customers: int, repeat_customers: int) -> Optional[Decimal]:
    """Share (%) of the period's buyers who ordered at least twice in it."""
    return percent(repeat_customers, customers)


def purchase_frequency(orders: int, customers: int) -> Optional[Decimal]:
    """Orders per buyer in the period."""
    return ratio(orders, customers)


def average_days_between_orders(total_gap_days, gaps: int) -> Optional[Decimal]:
    """Mean gap between a buyer's consecutive orders in the period, in days.

    ``total_gap_days`` is the sum over repeat buyers of (last - first order),
    ``gaps`` the sum of (orders - 1): every consecutive gap weighs the same.
    """
    return ratio(total_gap_days, gaps)


def average_order_value(revenue, orders: int) -> Optional[Decimal]:
    return ratio(revenue, orders)


def revenue_per_customer(revenue, customers: int) -> Optional[Decimal]:
    return ratio(revenue, customers)


def top_count(customers: int, share_percent: Decimal) -> int:
    """How many customers make the top ``share_percent`` (rounded up: 20% of 7 is 2)."""
    if customers <= 0:
        return 0
    exact = Decimal(customers) * Decimal(share_percent) / HUNDRED
    return min(customers, max(1, int(math.ceil(exact))))


def pareto_share(revenues_descending: Sequence[Decimal], share_percent: Decimal) -> Optional[Decimal]:
    """The top ``share_percent`` of customers' share (%) of revenue (the 80/20 figure)."""
    total = sum(revenues_descending, Decimal("0"))
    top = sum(revenues_descending[:top_count(len(revenues_descending), share_percent)], Decimal("0"))
    return percent(top, total)


def pareto_curve(revenues_descending: Sequence[Decimal], points: int = 10):
    """``[(customer share %, revenue share %)]`` at each tenth of the customers, from 0."""
    total = sum(revenues_descending, Decimal("0"))
    count = len(revenues_descending)
    curve = [(Decimal("0"), Decimal("0"))]
    if not count or not total:
        return curve
    running, cumulative = Decimal("0"), []
    for revenue in revenues_descending:
        running += revenue
        cumulative.append(running)
    for step in range(1, points + 1):
        taken = int(math.ceil(count * step / points))
        curve.append((percent(step, points), percent(cumulative[taken - 1], total)))
    return curve


def counted_months(month: int, months_since_previous: Optional[int],
                   window: int) -> Tuple[int, int]:
    """``[first, stop)``: the month starts at which a customer's month of orders is the first
    of their orders in the activity window before that start.

    Months are indices (year x 12 + month - 1).  A month ``m`` with orders counts at a start
    ``t`` when ``m < t <= m + window`` and the customer's previous order (``gap`` months
    before ``m``, None: none) lies before the window, ``t > previous + window``; so each
    active customer is counted once per start, from one of their months.
    """
    if months_since_previous is None:
        return month + 1, month + window + 1
    return month + max(1, window + 1 - months_since_previous), month + window + 1


def cohort_rates(cohort_size: int, active_by_offset: Sequence[int]) -> Tuple[Optional[Decimal], ...]:
    """Retention of one first-purchase cohort: % of it buying in each month since (0, 1, ...)."""
    return tuple(percent(active, cohort_size) for active in active_by_offset)


def liability(points: int, points_per_unit: Decimal) -> Optional[Decimal]:
    """What ``points`` are worth at the redemption rate (None: paying with points is off)."""
    if not points_per_unit:
        return None
    return (Decimal(points) / Decimal(points_per_unit)).quantize(CENT)
