"""Retention, repeat purchase and the Pareto figure: one aggregate query each.

Every query reads the host's paid orders as a derived table (not a CTE), so
PostgreSQL pushes the date and channel conditions down to Saleor's indexed
``created_at``; per-customer work happens in GROUP BY, never in Python.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import List, Optional, Tuple

from ..core import insights as rules
from ..core.calendar import add_months
from .scope import InsightScope, orders_sql, rows, shop_midnight

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


def retention(scope: InsightScope, start: datetime = None, end: datetime = None) -> Retention:
    """S, E and N for ``[start, end)`` (default: the scope's period)."""
    start, end = start or scope.start, end or scope.end
    sql = """
    SELECT COUNT(DISTINCT email) FILTER (WHERE placed_at >= %(s_from)s AND placed_at < %(start)s),
           COUNT(DISTINCT email) FILTER (WHERE placed_at >= %(e_from)s),
           (SELECT COUNT(*) FROM (SELECT email FROM {orders} WHERE placed_at < %(end)s
                                   GROUP BY email HAVING MIN(placed_at) >= %(start)s) firsts)
      FROM {orders}
     WHERE placed_at >= %(s_from)s AND placed_at < %(end)s
    """.format(orders=orders_sql())
    params = scope.params(start=start, end=end, s_from=scope.activity_start(start),
                          e_from=scope.activity_start(end))
    at_start, at_end, new = rows(sql, params)[0]
    return Retention(start, end, at_start, at_end, new)


def retention_over_time(scope: InsightScope, months: int = 12) -> List[Retention]:
    """Monthly retention for the ``months`` calendar months up to the period's end, in one query.

    Periods here are whole calendar months, so "an order in the activity window before
    the month's start" is "an order in one of the W months before it": the query buckets
    each e-mail's orders by month (shop time zone) once and counts, for every month
    start, the e-mails with a bucket in the W months before it (S of that month, E of
    the previous one); N is the e-mails whose first order falls in the month.
    """
    last_month = last_day(scope).replace(day=1)
    first_month = add_months(last_month, 1 - months)
    starts = [add_months(first_month, offset) for offset in range(months + 1)]
    sql = """
    WITH buckets AS (
      SELECT DISTINCT email, date_trunc('month', placed_at AT TIME ZONE %(tz)s) AS month
        FROM {orders} WHERE placed_at >= %(window_start)s AND placed_at < %(end)s),
    starts AS (SELECT unnest(%(starts)s::timestamp[]) AS month_start),
    active AS (
      SELECT s.month_start, COUNT(DISTINCT b.email) AS customers
        FROM starts s JOIN buckets b
          ON b.month >= s.month_start - make_interval(months => %(window)s)
         AND b.month < s.month_start
       GROUP BY 1),
    firsts AS (
      SELECT date_trunc('month', MIN(placed_at) AT TIME ZONE %(tz)s) AS month
        FROM {orders} WHERE placed_at < %(end)s GROUP BY email
      HAVING MIN(placed_at) >= %(start)s)
    SELECT s.month_start, COALESCE(a.customers, 0),
           (SELECT COUNT(*) FROM firsts f WHERE f.month = s.month_start)
      FROM starts s LEFT JOIN active a ON a.month_start = s.month_start ORDER BY 1
    """.format(orders=orders_sql())
    params = scope.params(
        starts=[datetime.combine(start, datetime.min.time()) for start in starts],
        window=scope.activity_months, start=shop_midnight(first_month),
        end=shop_midnight(starts[-1]),
        window_start=scope.activity_start(shop_midnight(first_month)))
    found = rows(sql, params)
    return [Retention(shop_midnight(found[index][0].date()),
                      shop_midnight(found[index + 1][0].date()),
                      found[index][1], found[index + 1][1], found[index][2])
            for index in range(months)]


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
      FROM (SELECT email, COUNT(*) AS orders, SUM(total) AS revenue,
                   MIN(placed_at) AS first_at, MAX(placed_at) AS last_at
              FROM {orders} WHERE placed_at >= %(start)s AND placed_at < %(end)s
             GROUP BY email) buyers
    """.format(orders=orders_sql())
    customers, orders, revenue, repeat, gap_days, gaps = rows(sql, scope.params())[0]
    return PeriodFigures(customers, int(orders), Decimal(revenue), repeat,
                         Decimal(str(gap_days)), int(gaps))


@dataclass(frozen=True)
class Pareto:
    customers: int
    top_customers: int
    top_revenue_share: Optional[Decimal]
    curve: Tuple[Tuple[Decimal, Decimal], ...]


RANKED_BUYERS = """
    SELECT email, revenue, ROW_NUMBER() OVER (ORDER BY revenue DESC, email) AS rank
      FROM (SELECT email, SUM(total) AS revenue FROM {orders}
             WHERE placed_at >= %(start)s AND placed_at < %(end)s GROUP BY email) buyers
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
    """.format(ranked=RANKED_BUYERS.format(orders=orders_sql()))
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
    sql = """
    WITH firsts AS (
      SELECT email, date_trunc('month', MIN(placed_at) AT TIME ZONE %(tz)s) AS cohort
        FROM {orders} WHERE placed_at < %(end)s GROUP BY email
      HAVING MIN(placed_at) >= %(cohort_start)s),
    activity AS (
      SELECT DISTINCT email, date_trunc('month', placed_at AT TIME ZONE %(tz)s) AS month
        FROM {orders} WHERE placed_at >= %(cohort_start)s AND placed_at < %(end)s)
    SELECT f.cohort,
           ((EXTRACT(YEAR FROM a.month) - EXTRACT(YEAR FROM f.cohort)) * 12
            + EXTRACT(MONTH FROM a.month) - EXTRACT(MONTH FROM f.cohort))::int AS since,
           COUNT(*)
      FROM firsts f JOIN activity a ON a.email = f.email
     GROUP BY 1, 2 ORDER BY 1, 2
    """.format(orders=orders_sql())
    counts = {}
    for cohort, since, active in rows(sql, scope.params(cohort_start=first_month)):
        counts.setdefault(cohort, {})[since] = active
    table = []
    for cohort in sorted(counts):
        by_offset = counts[cohort]
        size = by_offset.get(0, 0)
        span = rules.months_between(cohort.date(), last_day(scope))
        table.append(Cohort(month=cohort, customers=size, rates=rules.cohort_rates(
            size, [by_offset.get(offset, 0) for offset in range(span + 1)])))
    return table
