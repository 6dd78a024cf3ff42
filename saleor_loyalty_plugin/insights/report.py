"""The insights as plain data: the ``loyalty_report`` command's JSON and CSV, and the
best-customers CSV export (command and staff page).

Built from the same selectors as the GraphQL fields, with the same rounding
(two decimals, money in the currency's own smallest unit left to Decimal).
"""
import csv
import io
from decimal import Decimal
from typing import Dict, Iterator, List

from ..core import insights as rules
from ..core.money import shown_money
from . import best, customers, health
from .scope import InsightScope

BEST_CUSTOMER_COLUMNS = ("rank", "email", "orders", "revenue", "average_order_value",
                         "days_since_last_order", "last_order_at", "country", "channel", "tier",
                         "top_categories")
PAGE = 1000


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def figures(scope: InsightScope) -> Dict[str, object]:
    """Every headline figure of the period, flat (the CSV's rows, the JSON's top level)."""
    period = customers.period_figures(scope)
    kept = customers.retention(scope)
    pareto = customers.pareto(scope, period.customers)
    points = health.points_health(scope)
    values = {
        "channel": scope.channel or "",
        "currency": scope.currency,
        "period_start": scope.start.isoformat(),
        "period_end": scope.end.isoformat(),
        "activity_months": scope.activity_months,
        "customers_at_start": kept.customers_at_start,
        "customers_at_end": kept.customers_at_end,
        "new_customers": kept.new_customers,
        "retention_rate": kept.rate,
        "customers": period.customers,
        "orders": period.orders,
        "revenue": shown_money(period.revenue, scope.currency),
        "repeat_purchase_rate": period.repeat_purchase_rate,
        "purchase_frequency": period.purchase_frequency,
        "average_days_between_orders": period.average_days_between_orders,
        "average_order_value": period.average_order_value,
        "revenue_per_customer": period.revenue_per_customer,
        "top_customer_percent": scope.top_share_percent,
        "top_customers": pareto.top_customers,
        "top_revenue_share": pareto.top_revenue_share,
        "points_issued": points.issued,
        "points_redeemed": points.redeemed,
        "points_expired": points.expired,
        "points_outstanding": points.outstanding,
        "liability": points.liability,
        "redemption_rate": points.redemption_rate,
    }
    return {key: _plain(value) for key, value in values.items()}


def report(scope: InsightScope) -> Dict[str, object]:
    """Figures plus the tables: cohorts, members per tier, other providers' figures."""
    data = figures(scope)
    data["cohorts"] = [{"month": cohort.month.date().isoformat(), "customers": cohort.customers,
                        "retention": [_plain(rate) for rate in cohort.rates]}
                       for cohort in customers.cohorts(scope)]
    data["members_per_tier"] = [{"tier": tier, "members": count}
                                for tier, count in health.points_health(scope).members_per_tier]
    data["health_figures"] = [{"key": f.key, "label": f.label, "value": _plain(f.value),
                               "unit": f.unit} for f in health.health_figures(scope)]
    return data


def figures_csv(scope: InsightScope) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("metric", "value"))
    for key, value in figures(scope).items():
        writer.writerow((key, "" if value is None else value))
    return out.getvalue()


def best_customer_rows(scope: InsightScope) -> Iterator[List[object]]:
    """Every best customer, a thousand per query (the list can be large)."""
    count = customers.period_figures(scope).customers
    top = rules.top_count(count, scope.top_share_percent)
    for offset in range(0, top, PAGE):
        for row in best.best_customers(scope, customers=count, offset=offset, limit=PAGE):
            yield [row.rank, row.email, row.orders, shown_money(row.revenue, scope.currency),
                   row.average_order_value,
                   row.days_since_last_order, row.last_order_at.isoformat(), row.country,
                   row.channel, row.tier, "; ".join(row.top_categories)]


def best_customers_csv(scope: InsightScope) -> Iterator[str]:
    """The best-customers export, line by line (streamed by the staff page)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in [list(BEST_CUSTOMER_COLUMNS)] + list(best_customer_rows(scope)):
        writer.writerow(row)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
