"""Retention, repeat purchase and the Pareto figure: one aggregate query each.

Retention, retention over time and the cohort table read the plugin's customer
months (``insights/models.py``, kept by the order sync), so they never scan a
channel's whole order history.  The period figures and the Pareto figure read
the period's paid orders from the summary (``scope.paid_orders_sql``: a derived
table, so the date and channel conditions reach its (channel, placed_at)
index).  Per-customer work happens in GROUP BY, never in Python.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import List, Optional, Tuple

from ..core import insights as rules
from ..core.calendar import add_months
from .scope import InsightScope, paid_orders_sql, rows, shop_midnight

ZERO = Decimal("0")


@dataclass(frozen=True)
class Retention:
    period_start: datetime
    period_end: datetime
    customers_at_start: int
    customers_at_end: int
    new_customers: int

    @property
    def rate(self) -> Optional[Decimal]:
        return rules.retention_rate(self.customers_at_start, self.customers_at_end,
                                    self.new_customers)


# A customer month (insights/models.py) holding the customer's first order in [lo, hi):
# its last order is at or after lo, the one before it (prev_at) before lo, and its first
# before hi.  Exact whenever lo and hi are in different calendar months (a window is at
# least one month), and it picks one month per customer, so COUNT(*) needs no DISTINCT.
ACTIVE = "(m.last_at >= {lo} AND m.first_at < {hi} AND (m.prev_at IS NULL OR m.prev_at < {lo}))"
MONTH_INDEX = "(EXTRACT(YEAR FROM {0}) * 12 + EXTRACT(MONTH FROM {0}) - 1)::int"


def months_sql(scope: InsightScope, alias: str = "m") -> str:
    """The scope's customer months (``loyalty_insight_month``) as a derived table.

    One channel reads its rows (index range scans); several channels merge each
    customer's months across them and derive ``prev_at`` again.
    """
    if len(scope.channels) == 1:
        return ("(SELECT customer_id, month, first_at, last_at, prev_at FROM loyalty_insight_month"
                " WHERE channel = ANY(%%(channels)s)) %s" % alias)
    return """(SELECT customer_id, month, first_at, last_at,
                      LAG(last_at) OVER (PARTITION BY customer_id ORDER BY month) AS prev_at
                 FROM (SELECT customer_id, month, MIN(first_at) AS first_at,
                              MAX(last_at) AS last_at
                         FROM loyalty_insight_month WHERE channel = ANY(%%(channels)s)
                        GROUP BY 1, 2) merged) %s""" % alias


def calendar_months(scope: InsightScope) -> bool:
    """One channel and a period of whole calendar months: the counts answer alone."""
    return len(scope.channels) == 1 and scope.first_day.day == 1 and scope.end_day.day == 1


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def gap_groups(scope: InsightScope, scan_from: date, scan_to: date) -> List[Tuple[int, int, int]]:
    """``(month index, months since the previous order or None, customers)`` of the scope's
    customer months in ``[scan_from, scan_to)`` (months), in one query.

    One channel reads its gap counts (a few hundred rows); several channels group their
    merged customer months the same way.
    """
    if len(scope.channels) == 1:
        sql = """SELECT month, gap, customers FROM loyalty_insight_gap_count
                  WHERE channel = ANY(%(channels)s) AND month >= %(scan_from)s
                    AND month < %(scan_to)s AND customers <> 0"""
        found = rows(sql, scope.params(scan_from=scan_from, scan_to=scan_to))
        return [(month_index(month), gap or None, count) for month, gap, count in found]
    sql = """
    SELECT month_index, gap, COUNT(*) FROM (
      SELECT {index} AS month_index,
             CASE WHEN m.prev_at IS NOT NULL THEN {index} - {previous} END AS gap
        FROM {months} WHERE m.month >= %(scan_from)s AND m.month < %(scan_to)s) counted
     GROUP BY 1, 2
    """.format(months=months_sql(scope), index=MONTH_INDEX.format("m.month"),
               previous=MONTH_INDEX.format("date_trunc('month', m.prev_at AT TIME ZONE %(tz)s)"))
    return rows(sql, scope.params(scan_from=scan_from, scan_to=scan_to))


def customers_at(groups, indices: List[int], window: int) -> List[int]:
    """Customers with an order in the ``window`` months before each month start."""
    active = [0] * len(indices)
    for month, gap, count in groups:
        first, stop = rules.counted_months(month, gap, window)
        for position, index in enumerate(indices):
            if first <= index < stop:
                active[position] += count
    return active


def retention(scope: InsightScope) -> Retention:
    """S, E and N of the scope's period, from the customer months (or their counts)."""
    start, end = scope.start, scope.end
    if calendar_months(scope):
        first, stop = month_index(scope.first_day), month_index(scope.end_day)
        groups = gap_groups(scope, add_months(scope.first_day, -scope.activity_months),
                            scope.end_day)
        at_start, at_end = customers_at(groups, [first, stop], scope.activity_months)
        new = sum(count for month, gap, count in groups if gap is None and first <= month < stop)
        return Retention(start, end, at_start, at_end, new)
    sql = """
    SELECT COUNT(*) FILTER (WHERE {at_start}), COUNT(*) FILTER (WHERE {at_end}),
           COUNT(*) FILTER (WHERE m.prev_at IS NULL AND m.first_at >= %(start)s
                                  AND m.first_at < %(end)s)
      FROM {months}
     WHERE m.month >= date_trunc('month', %(s_from)s AT TIME ZONE %(tz)s)::date
       AND m.month < (%(end)s AT TIME ZONE %(tz)s)::date
    """.format(months=months_sql(scope),
               at_start=ACTIVE.format(lo="%(s_from)s", hi="%(start)s"),
               at_end=ACTIVE.format(lo="%(e_from)s", hi="%(end)s"))
    params = scope.params(start=start, end=end, s_from=scope.activity_start(start),
                          e_from=scope.activity_start(end))
    at_start, at_end, new = rows(sql, params)[0]
    return Retention(start, end, at_start, at_end, new)


def retention_over_time(scope: InsightScope, months: int = 12) -> List[Retention]:
    """Monthly retention for the ``months`` calendar months up to the period's end, in one query.

    Periods here are whole calendar months, so whether a customer month counts at a
    month start depends only on its month and the months since the customer's previous
    order (``rules.counted_months``): one query reads the window's (month, gap) groups
    (a few hundred, however many customers), S of each month (E of the one before) is
    the sum of the groups counting at its start, N the first months in it.
    """
    last_month = last_day(scope).replace(day=1)
    first_month = add_months(last_month, 1 - months)
    starts = [add_months(first_month, offset) for offset in range(months + 1)]
    window = scope.activity_months
    groups = gap_groups(scope, add_months(first_month, -window), starts[-1])
    indices = [month_index(start) for start in starts]
    active = customers_at(groups, indices, window)
    new = [sum(count for month, gap, count in groups if gap is None and month == index)
           for index in indices]
    return [Retention(shop_midnight(starts[position]), shop_midnight(starts[position + 1]),
                      active[position], active[position + 1], new[position])
            for position in range(months)]


def last_day(scope: InsightScope) -> date:
    return scope.end_day - timedelta(days=1)


@dataclass(frozen=True)
class PeriodFigures:
    customers: int
    orders: int
    revenue: Decimal
    repeat_customers: int
    gap_days: Decimal
    gaps: int

    @property
    def repeat_purchase_rate(self):
        return rules.repeat_purchase_rate(self.customers, self.repeat_customers)

    @property
    def purchase_frequency(self):
        return rules.purchase_frequency(self.orders, self.customers)

    @property
    def average_days_between_orders(self):
        return rules.average_days_between_orders(self.gap_days, self.gaps)

    @property
    def average_order_value(self):
        return rules.average_order_value(self.revenue, self.orders)

    @property
    def revenue_per_customer(self):
        return rules.revenue_per_customer(self.revenue, self.customers)


def period_figures(scope: InsightScope) -> PeriodFigures:
    sql = """
    SELECT COUNT(*), COALESCE(SUM(orders), 0), COALESCE(SUM(revenue), 0),
           COUNT(*) FILTER (WHERE orders > 1),
           COALESCE(SUM(EXTRACT(EPOCH FROM last_at - first_at)) / 86400.0, 0),
           COALESCE(SUM(orders - 1), 0)
      FROM (SELECT customer_id, COUNT(*) AS orders, SUM(total) AS revenue,
                   MIN(placed_at) AS first_at, MAX(placed_at) AS last_at
              FROM {orders} WHERE placed_at >= %(start)s AND placed_at < %(end)s
             GROUP BY customer_id) buyers
    """.format(orders=paid_orders_sql())
    customers, orders, revenue, repeat, gap_days, gaps = rows(sql, scope.params())[0]
    return PeriodFigures(customers, int(orders), Decimal(revenue), repeat,
                         Decimal(str(gap_days)), int(gaps))


@dataclass(frozen=True)
class Pareto:
    customers: int
    top_customers: int
    top_revenue_share: Optional[Decimal]
    curve: Tuple[Tuple[Decimal, Decimal], ...]


# Ties in revenue rank in any order: the figures read only cumulative revenue at a rank.
RANKED_BUYERS = """
    SELECT customer_id, revenue, ROW_NUMBER() OVER (ORDER BY revenue DESC, customer_id) AS rank
      FROM (SELECT customer_id, SUM(total) AS revenue FROM {orders}
             WHERE placed_at >= %(start)s AND placed_at < %(end)s GROUP BY customer_id) buyers
"""


def pareto(scope: InsightScope, customers: int, points: int = 10) -> Pareto:
    """The best customers' share of revenue and the cumulative curve at each tenth.

    Only the ranks the figures need leave the database (at most ``points + 1`` rows).
    """
    top = rules.top_count(customers, scope.top_share_percent)
    marks = {rank: None for rank in
             [top] + [-(-customers * step // points) for step in range(1, points + 1)] if rank}
    sql = """
    SELECT rank, cumulative, total FROM (
      SELECT rank, SUM(revenue) OVER (ORDER BY rank) AS cumulative, SUM(revenue) OVER () AS total
        FROM ({ranked}) ranked) running
     WHERE rank = ANY(%(marks)s)
    """.format(ranked=RANKED_BUYERS.format(orders=paid_orders_sql()))
    total = ZERO
    for rank, cumulative, total in rows(sql, scope.params(marks=list(marks))):
        marks[rank] = cumulative
    curve = [(ZERO, ZERO)]
    if customers and total:
        curve += [(rules.percent(step, points),
                   rules.percent(marks[-(-customers * step // points)], total))
                  for step in range(1, points + 1)]
    share = rules.percent(marks[top], total) if top and total else None
    return Pareto(customers, top, share, tuple(curve))


@dataclass(frozen=True)
class Cohort:
    month: datetime
    customers: int
    rates: Tuple[Optional[Decimal], ...]  # % buying in month 0, 1, ... since the first


def cohorts(scope: InsightScope, months: int = 12) -> List[Cohort]:
    """First-purchase month x months since, for the ``months`` months up to the period's end."""
    first_month = shop_midnight(add_months(last_day(scope).replace(day=1), 1 - months))
    since = """((EXTRACT(YEAR FROM {1}) - EXTRACT(YEAR FROM {0})) * 12
               + EXTRACT(MONTH FROM {1}) - EXTRACT(MONTH FROM {0}))::int"""
    if calendar_months(scope):
        sql = """
        SELECT cohort::timestamp, {since}, customers FROM loyalty_insight_cohort_count
         WHERE channel = ANY(%(channels)s) AND cohort >= %(first_month)s
           AND month < %(end_day)s AND customers <> 0 ORDER BY 1, 2
        """.format(since=since.format("cohort", "month"))
    else:
        sql = """
        SELECT f.month::timestamp, {since}, COUNT(*)
          FROM {firsts} JOIN {activity} ON a.customer_id = f.customer_id
         WHERE f.prev_at IS NULL AND f.first_at >= %(cohort_start)s AND f.first_at < %(end)s
           AND a.month >= f.month AND a.first_at < %(end)s
         GROUP BY 1, 2 ORDER BY 1, 2
        """.format(since=since.format("f.month", "a.month"), firsts=months_sql(scope, "f"),
                   activity=months_sql(scope, "a"))
    params = scope.params(cohort_start=first_month, first_month=first_month.date(),
                          end_day=scope.end_day)
    counts = {}
    for cohort, since, active in rows(sql, params):
        counts.setdefault(cohort, {})[since] = active
    table = []
    for cohort in sorted(counts):
        by_offset = counts[cohort]
        size = by_offset.get(0, 0)
        span = rules.months_between(cohort.date(), last_day(scope))
        table.append(Cohort(month=cohort, customers=size, rates=rules.cohort_rates(
            size, [by_offset.get(offset, 0) for offset in range(span + 1)])))
    return table
