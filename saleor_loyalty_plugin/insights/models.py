"""The plugin's own summary of Saleor's paid orders, for the insight queries.

Retention, cohorts and retention over time need every customer's first order
and their activity in a 12-month window: read from Saleor's ``order_order``,
that is a scan of a channel's whole history.  These tables keep, per counted
order, the row the insight SQL would derive (``InsightOrder``), and per
customer e-mail x channel x calendar month (shop time zone) the orders,
revenue, first and last order and the customer's previous order before that
month (``InsightMonth``), and two tiny counts of those months (``InsightGapCount``,
``InsightCohortCount``) that calendar periods read instead.  The order sync refreshes an order's rows in its
own transaction (``insights/summary.py``), so they follow every payment,
cancellation and e-mail change the sync sees; ``loyalty_insights_backfill``
rebuilds them from Saleor's orders in three set-based statements.

The period queries (figures, Pareto, best customers) read ``InsightOrder``
rather than Saleor's wide order table: a narrow row per paid order, on an
index over (channel, placed_at) that holds every column they need.
"""
from django.db import models


class InsightCustomer(models.Model):
    """A customer as the insights count them: a lower-cased e-mail (guests too)."""

    email = models.TextField(unique=True)

    class Meta:
        db_table = "loyalty_insight_customer"


class InsightOrder(models.Model):
    """One paid, not cancelled order, as the host's insight SQL sees it now."""

    order_id = models.CharField(max_length=64, primary_key=True)
    channel = models.CharField(max_length=255)
    customer_id = models.BigIntegerField()
    placed_at = models.DateTimeField()
    total = models.DecimalField(max_digits=20, decimal_places=3)
    country = models.CharField(max_length=3, blank=True, default="")  # billing address

    class Meta:
        db_table = "loyalty_insight_order"
        # The period queries' range index (channel, placed_at) INCLUDE (...) is made in
        # SQL by migration 0018 (Django 3.0 on Saleor 2.10 has no INCLUDE).
        indexes = [models.Index(fields=["channel", "customer_id"],
                                name="loyalty_insight_order_cust")]


class InsightMonth(models.Model):
    """A customer's paid orders in one channel and calendar month (shop time zone).

    ``prev_at`` is the customer's last order in the channel before this month
    (null: this month holds their first order ever), so "active in a window"
    and "new" are counted from one row per customer without DISTINCT.
    """

    channel = models.CharField(max_length=255)
    customer_id = models.BigIntegerField()
    month = models.DateField()
    orders = models.IntegerField()
    revenue = models.DecimalField(max_digits=20, decimal_places=3)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    prev_at = models.DateTimeField(null=True)
    gap = models.IntegerField()  # months since the previous order's month; 0: the first month
    first_month = models.DateField()  # the customer's first month in the channel (cohort)

    class Meta:
        db_table = "loyalty_insight_month"
        constraints = [models.UniqueConstraint(fields=["channel", "customer_id", "month"],
                                               name="loyalty_insight_month_unique")]


class InsightGapCount(models.Model):
    """How many customer months of a channel's month follow the previous one by ``gap`` months.

    Retention (S, E, N) of calendar periods and retention over time are sums of these
    few rows (``rules.counted_months``), whatever the number of customers.
    """

    channel = models.CharField(max_length=255)
    month = models.DateField()
    gap = models.IntegerField()
    customers = models.IntegerField()

    class Meta:
        db_table = "loyalty_insight_gap_count"
        constraints = [models.UniqueConstraint(fields=["channel", "month", "gap"],
                                               name="loyalty_insight_gap_count_unique")]


class InsightCohortCount(models.Model):
    """How many customers first bought in ``cohort`` and bought again (or first) in ``month``."""

    channel = models.CharField(max_length=255)
    cohort = models.DateField()
    month = models.DateField()
    customers = models.IntegerField()

    class Meta:
        db_table = "loyalty_insight_cohort_count"
        constraints = [models.UniqueConstraint(fields=["channel", "cohort", "month"],
                                               name="loyalty_insight_cohort_count_unique")]
