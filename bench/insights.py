"""``make bench-insights``: every insight query on a big generated shop (Saleor 3).

Generates BENCH_INSIGHTS_CUSTOMERS customers (default 1,000,000) and
BENCH_INSIGHTS_ORDERS orders (default 10,000,000) over three years in plain
SQL (``INSERT ... SELECT generate_series``; a few customers buy much more
than most, as in real shops), in a database of its own
(BENCH_INSIGHTS_DATABASE_URL, default ``loyalty_bench_insights``; migrated
once, or cloned from BENCH_INSIGHTS_TEMPLATE), then times each insight query
for the last full month and quarter and prints its time and the Python
process's peak memory (tracemalloc) next to the goal of 2 s.
The data is kept: a second run with the same scale only times the queries.
The insight summary (``loyalty_insights_backfill``) is built once after the
orders are generated, and its time printed, as is one order sync's refresh.

Generation drops ``order_order``'s indexes, bulk-inserts, then rebuilds the
B-tree ones (the ones any insight query could use, ``created_at`` first);
the GIN indexes (metadata, search text, e-mail trigrams: 8 of 31) stay
dropped in this database, as no insight query reads them and building them
for 10M rows would take longer than the whole benchmark.
"""
import os
import time
import tracemalloc

os.environ["DJANGO_SETTINGS_MODULE"] = "demo.saleor3.settings"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_INSIGHTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loyalty_bench_insights")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

CUSTOMERS = int(os.environ.get("BENCH_INSIGHTS_CUSTOMERS", "1000000"))
ORDERS = int(os.environ.get("BENCH_INSIGHTS_ORDERS", "10000000"))
GOAL_SECONDS = 2.0
CHANNEL = "bench-insights"
FILLERS = {"uuid": "gen_random_uuid()", "jsonb": "'{}'::jsonb", "boolean": "false",
           "timestamp with time zone": "now()", "date": "current_date", "ARRAY": "'{}'"}


def create_database():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"],
              "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                         [db["NAME"]]).fetchone() is None:
            template = os.environ.get("BENCH_INSIGHTS_TEMPLATE")
            admin.execute('CREATE DATABASE "%s"%s' % (
                db["NAME"], ' TEMPLATE "%s"' % template if template else ""))


def filler(column_type: str) -> str:
    if column_type in FILLERS:
        return FILLERS[column_type]
    if column_type in ("integer", "bigint", "smallint", "numeric", "double precision"):
        return "0"
    return "''"


def insert_rows(table: str, given: dict, source: str):
    """INSERT INTO table SELECT <given columns, every other NOT NULL column filled> FROM source."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT column_name, data_type FROM information_schema.columns
                           WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
                             AND is_identity = 'NO'""", [table])
        columns = dict(given)
        for name, data_type in cursor.fetchall():
            columns.setdefault(name, filler(data_type))
        cursor.execute("INSERT INTO %s (%s) SELECT %s FROM %s" % (
            table, ", ".join('"%s"' % c for c in columns), ", ".join(columns.values()), source))


def generated_scale():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insights_scale (customers int, orders int)")
        cursor.execute("SELECT customers, orders FROM bench_insights_scale")
        return cursor.fetchone()


def summary_scale():
    """The scale the insight summary was last built for (None: never)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insights_summarized "
                       "(customers int, orders int)")
        cursor.execute("SELECT customers, orders FROM bench_insights_summarized")
        return cursor.fetchone()


def generate():
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM channel_channel WHERE slug = %s", [CHANNEL])
        if cursor.fetchone() is None:
            insert_rows("channel_channel", {
                "name": "'Bench insights'", "slug": "'%s'" % CHANNEL, "currency_code": "'USD'",
                "default_country": "'US'", "is_active": "true"}, "(SELECT 1) one")
        cursor.execute("SELECT id FROM channel_channel WHERE slug = %s", [CHANNEL])
        channel_id = cursor.fetchone()[0]
        cursor.execute("DELETE FROM order_order WHERE channel_id = %s", [channel_id])
        cursor.execute("DELETE FROM bench_insights_scale")
    print("generating %d orders for %d customers ..." % (ORDERS, CUSTOMERS), flush=True)
    with connection.cursor() as cursor:
        cursor.execute("""SELECT i.indexname, i.indexdef FROM pg_indexes i
                           WHERE i.tablename = 'order_order' AND NOT EXISTS (
                             SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""")
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute('DROP INDEX IF EXISTS "%s"' % name)
    # customer n = floor(C * r^3): low numbers buy far more often (a Pareto-like shop)
    insert_rows("order_order", {
        "id": "gen_random_uuid()",
        "number": "n + (SELECT COALESCE(MAX(number), 0) FROM order_order)",
        "user_email": "'c' || floor(%d * power(random(), 3))::int || '@bench.example'" % CUSTOMERS,
        "created_at": "now() - random() * interval '1095 days'",
        "updated_at": "now()",
        "status": "(CASE WHEN random() < 0.03 THEN 'canceled' ELSE 'fulfilled' END)",
        "charge_status": "(CASE WHEN random() < 0.02 THEN 'none' ELSE 'full' END)",
        "authorize_status": "'full'",
        "currency": "'USD'",
        "channel_id": str(channel_id),
        "total_gross_amount": "round((10 + random() * 190)::numeric, 2)",
        "total_net_amount": "0",
        "lines_count": "1",
    }, "generate_series(1, %d) n" % ORDERS)
    print("inserted in %.0f s; rebuilding the B-tree indexes ..." % (time.monotonic() - started),
          flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in indexes:
            if " USING gin " not in definition:
                cursor.execute(definition)
        cursor.execute("INSERT INTO bench_insights_scale VALUES (%s, %s)", [CUSTOMERS, ORDERS])
        cursor.execute("ANALYZE order_order")
    print("generated in %.0f s" % (time.monotonic() - started), flush=True)


def timed(name, function):
    tracemalloc.start()
    started = time.monotonic()
    function()
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return name, seconds, peak


def main():
    from demo.saleor3.load import migrate

    create_database()
    migrate()
    summarized = summary_scale()  # (also creates its table on a new database)
    if generated_scale() != (CUSTOMERS, ORDERS):
        generate()
        summarized = None
    from saleor_loyalty_plugin.insights import best, customers, health, summary

    results = []
    if summarized != (CUSTOMERS, ORDERS):
        print("building the insight summary (loyalty_insights_backfill) ...", flush=True)
        results.append(("-",) + timed("summary backfill (once)", summary.rebuild))
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM bench_insights_summarized")
            cursor.execute("INSERT INTO bench_insights_summarized VALUES (%s, %s)",
                           [CUSTOMERS, ORDERS])
    with connection.cursor() as cursor:  # what one order sync adds: its customer's rows
        cursor.execute("""SELECT o.id FROM order_order o JOIN channel_channel c
                           ON c.id = o.channel_id AND c.slug = %s
                          WHERE o.user_email = 'c0@bench.example' LIMIT 1""", [CHANNEL])
        heaviest = [str(cursor.fetchone()[0])]
    results.append(("-",) + timed("summary refresh of one order (busiest customer)",
                                  lambda: summary.refresh_orders(heaviest)))
    from saleor_loyalty_plugin.insights.scope import insight_scope, shop_today

    today = shop_today()
    last_month = today.replace(day=1) - __import__("datetime").timedelta(days=1)
    for period, day in (("month", last_month), ("quarter", last_month)):
        scope = insight_scope(channel=CHANNEL, period=period, day=day)
        figures = customers.period_figures(scope)
        label = "%s %s" % (period, scope.first_day.isoformat())
        for name, function in [
            ("retention (S, E, N)", lambda: customers.retention(scope)),
            ("period figures", lambda: customers.period_figures(scope)),
            ("pareto (top share + curve)", lambda: customers.pareto(scope, figures.customers)),
            ("cohort table (12 months)", lambda: customers.cohorts(scope)),
            ("best customers, first page", lambda: best.best_customers(
                scope, customers=figures.customers, limit=20)),
            ("best vs rest profile", lambda: best.profiles(scope, customers=figures.customers)),
            ("program health", lambda: health.points_health(scope)),
            ("liability over time", lambda: health.liability_over_time(scope)),
        ]:
            results.append((label,) + timed(name, function))
        results.append((label,) + timed("retention over time (12 months, one query)",
                                        lambda: customers.retention_over_time(scope)))
    print()
    print("scale: %d customers, %d orders (channel %s)" % (CUSTOMERS, ORDERS, CHANNEL))
    print("| period | query | seconds | peak memory (Python) | goal 2 s |")
    print("| --- | --- | ---: | ---: | --- |")
    for label, name, seconds, peak in results:
        print("| %s | %s | %.2f | %.1f MiB | %s |" % (
            label, name, seconds, peak / 1048576.0, "ok" if seconds <= GOAL_SECONDS else "over"))


if __name__ == "__main__":
    main()
