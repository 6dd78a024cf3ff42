"""Keep the insight summary (``insights/models.py``) equal to Saleor's paid orders.

``refresh_orders`` runs inside each order sync: it re-reads the given orders
through the host's insight SQL, replaces their ``InsightOrder`` rows and
rebuilds the month rows of every (channel, customer) they touched, old and
new, under a row lock on those customers (two syncs of one customer's orders
run one after the other).  ``rebuild`` recomputes everything from Saleor's
orders (``loyalty_insights_backfill``: once after installing, and after
changing ``TIME_ZONE``, since months are calendar months in the shop's zone).
All of it is set-based SQL; nothing loops over orders or customers in Python.
"""
from collections import Counter
from typing import Iterable, List, Tuple

from django.conf import settings as django_settings
from django.db import connection, transaction

from ..hosts import host

# The month rows of the (channel, customer) pairs in %(pairs)s, or of everyone.
MONTHS_SQL = """
INSERT INTO loyalty_insight_month (channel, customer_id, month, orders, revenue, first_at,
                                   last_at, prev_at, gap, first_month)
SELECT channel, customer_id, month, orders, revenue, first_at, last_at, LAG(last_at) OVER w,
       COALESCE((date_part('year', month) * 12 + date_part('month', month)
                 - date_part('year', LAG(month) OVER w) * 12
                 - date_part('month', LAG(month) OVER w))::int, 0),
       MIN(month) OVER w
  FROM (SELECT o.channel, o.customer_id,
               date_trunc('month', o.placed_at AT TIME ZONE %(tz)s)::date AS month,
               COUNT(*) AS orders, SUM(o.total) AS revenue,
               MIN(o.placed_at) AS first_at, MAX(o.placed_at) AS last_at
          FROM loyalty_insight_order o {pairs_join}
         GROUP BY 1, 2, 3) buckets
WINDOW w AS (PARTITION BY channel, customer_id ORDER BY month)
"""
# The counts, from every customer month (rebuild) or by the change in a few (refresh):
# table, key columns, the month row's columns they count, the second key's SQL type.
COUNTS = (("loyalty_insight_gap_count", "month, gap", "month, gap", "int"),
          ("loyalty_insight_cohort_count", "cohort, month", "first_month, month", "date"))
ADD_COUNTS_SQL = """
INSERT INTO {table} (channel, {keys}, customers)
SELECT * FROM unnest(%(channels)s::text[], %(first)s::date[], %(second)s::{second_type}[],
                     %(deltas)s::int[]) ORDER BY 1, 2, 3
ON CONFLICT (channel, {keys}) DO UPDATE SET customers = {table}.customers + EXCLUDED.customers
"""
PAIRS = "unnest(%(channels)s::text[], %(customers)s::bigint[]) pair(channel, customer)"
PAIRS_JOIN = "JOIN %s ON o.channel = pair.channel AND o.customer_id = pair.customer" % PAIRS


NEW_CUSTOMERS_SQL = """INSERT INTO loyalty_insight_customer (email)
                       SELECT DISTINCT email FROM {orders} ON CONFLICT (email) DO NOTHING"""
COPY_ORDERS_SQL = """
INSERT INTO loyalty_insight_order (order_id, channel, customer_id, placed_at, total, country)
SELECT h.order_id::text, h.channel, c.id, h.placed_at, h.total, COALESCE(h.country, '')
  FROM {orders} JOIN loyalty_insight_customer c ON c.email = h.email
"""


def _host_orders(where: str = "") -> str:
    return "(SELECT * FROM (%s) host_orders %s) h" % (host.insight_orders_sql(), where)


def refresh_orders(order_ids: Iterable[str]) -> None:
    """Make the summary rows of these orders match their current state in Saleor."""
    order_ids = sorted({str(order_id) for order_id in order_ids})
    if not order_ids:
        return
    chosen = "WHERE order_id = ANY(%%(ids)s::text[]::%s[])" % host.insight_order_id_type()
    params = {"ids": order_ids, "tz": django_settings.TIME_ZONE}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(NEW_CUSTOMERS_SQL.format(orders=_host_orders(chosen)), params)
        cursor.execute("""
            SELECT id FROM loyalty_insight_customer WHERE id IN (
              SELECT customer_id FROM loyalty_insight_order WHERE order_id = ANY(%%(ids)s)
              UNION SELECT c.id FROM %s JOIN loyalty_insight_customer c ON c.email = h.email)
            ORDER BY id FOR UPDATE""" % _host_orders(chosen), params)
        cursor.execute("""DELETE FROM loyalty_insight_order WHERE order_id = ANY(%(ids)s)
                          RETURNING channel, customer_id""", params)
        pairs = set(cursor.fetchall())
        cursor.execute(COPY_ORDERS_SQL.format(orders=_host_orders(chosen))
                       + " RETURNING channel, customer_id", params)
        pairs.update(cursor.fetchall())
        _rebuild_months(cursor, sorted(pairs))


def _rebuild_months(cursor, pairs: List[Tuple[str, int]]) -> None:
    if not pairs:
        return
    params = {"channels": [channel for channel, _ in pairs],
              "customers": [customer for _, customer in pairs], "tz": django_settings.TIME_ZONE}
    cursor.execute("""DELETE FROM loyalty_insight_month m USING %s
                       WHERE m.channel = pair.channel AND m.customer_id = pair.customer
                   RETURNING m.channel, m.month, m.gap, m.first_month""" % PAIRS, params)
    removed = cursor.fetchall()
    cursor.execute(MONTHS_SQL.format(pairs_join=PAIRS_JOIN)
                   + " RETURNING channel, month, gap, first_month", params)
    _add_counts(cursor, removed, cursor.fetchall())


def _add_counts(cursor, removed, added) -> None:
    """Move the counts by the months these customers lost and gained, keys in order.

    Only the touched customers' months (a few dozen rows) are compared here; every
    sync takes the count rows' locks in the same order, so two syncs never deadlock.
    """
    for (table, keys, _, second_type), pick in zip(COUNTS, (
            lambda row: (row[0], row[1], row[2]), lambda row: (row[0], row[3], row[1]))):
        deltas = Counter(pick(row) for row in added)
        deltas.subtract(pick(row) for row in removed)
        changed = sorted((key, delta) for key, delta in deltas.items() if delta)
        if changed:
            cursor.execute(ADD_COUNTS_SQL.format(table=table, keys=keys, second_type=second_type), {
                "channels": [key[0] for key, _ in changed], "first": [key[1] for key, _ in changed],
                "second": [key[2] for key, _ in changed], "deltas": [delta for _, delta in changed]})


def rebuild() -> int:
    """Recompute the whole summary from Saleor's orders; returns the orders counted."""
    params = {"tz": django_settings.TIME_ZONE}
    with host.writer_access(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE loyalty_insight_order, loyalty_insight_month, "
                       "loyalty_insight_gap_count, loyalty_insight_cohort_count")
        cursor.execute(NEW_CUSTOMERS_SQL.format(orders=_host_orders()), params)
        cursor.execute(COPY_ORDERS_SQL.format(orders=_host_orders()), params)
        counted = cursor.rowcount
        cursor.execute(MONTHS_SQL.format(pairs_join=""), params)
        for table, keys, counted_keys, _ in COUNTS:
            cursor.execute("""INSERT INTO {table} (channel, {keys}, customers)
                              SELECT channel, {counted}, COUNT(*) FROM loyalty_insight_month
                               GROUP BY 1, 2, 3""".format(table=table, keys=keys, counted=counted_keys))
    with connection.cursor() as cursor:
        # VACUUM sets the visibility map the period queries' index-only scans rely on;
        # it cannot run inside a caller's transaction, where ANALYZE alone is done.
        vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        cursor.execute(vacuum + " loyalty_insight_order")
        cursor.execute("ANALYZE loyalty_insight_month")
        cursor.execute("ANALYZE loyalty_insight_gap_count")
    return counted
