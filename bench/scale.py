"""make bench-scale: the ledger jobs over a million accounts and ten million ledger rows.

A benchmark, not a test: figures and ratios, never pass or fail.  The data is
generated in SQL (generate_series) in a database of its own (Saleor 3 host,
migrated once), at 1/10 of the scale first and then at full scale, so the
table shows whether time grows with the rows and memory stays flat.  Each job
runs inside a transaction that is rolled back, then one hand-written SQL
statement doing the same work runs on the same state (also rolled back); the
ratio is job / statement.  The tier pass's statement is the pass's own rule as
a single unchunked statement (the rule is not written a third time); the
sweep's statement closes the redemptions without retiring Saleor gift cards,
which the job does a chunk at a time (checkouts, accounts and cards locked in
one statement each, one ledger write, one UPDATE); the bench has no such
cards, so both return no points.

The data is loaded as a restore would: one INSERT ... SELECT per table, the
two big tables' secondary indexes, constraints and the append-only trigger
dropped during the load and recreated after, then VACUUM ANALYZE (logged tables); the
tables are vacuumed again before each measured run (job or statement), so neither side
pays for what the other's rolled-back writes left.

Environment: BENCH_SCALE_ACCOUNTS (default 1000000), BENCH_SCALE_ROWS (10000000),
BENCH_SCALE_DATABASE_URL (postgres://postgres@127.0.0.1:5432/loyalty_scale),
BENCH_SCALE_FRACTIONS (default "10,1": 1/10 scale, then full).
"""
import os
import resource
import sys
import time
import tracemalloc

os.environ["DJANGO_SETTINGS_MODULE"] = "demo.saleor3.settings"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loyalty_scale")
os.environ.setdefault("LOYALTY_DEMO_DIR", os.path.abspath(".bench/scale"))
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from datetime import timedelta  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.saleor3_checkout import create_database_if_missing  # noqa: E402
from bench.timing import QueryCounter  # noqa: E402
from saleor_loyalty_plugin.core.program import parse_program_settings  # noqa: E402
from saleor_loyalty_plugin.ledger import batch  # noqa: E402
from saleor_loyalty_plugin.redemption.models import LoyaltyRedemption  # noqa: E402
from saleor_loyalty_plugin.redemption.services import release_abandoned_redemptions  # noqa: E402
from saleor_loyalty_plugin.tiers import batch as tiers  # noqa: E402

ACCOUNTS = int(os.environ.get("BENCH_SCALE_ACCOUNTS", "1000000"))
ROWS = int(os.environ.get("BENCH_SCALE_ROWS", "10000000"))
FRACTIONS = [int(f) for f in os.environ.get("BENCH_SCALE_FRACTIONS", "10,1").split(",")]
CHANNEL = "default-channel"
LADDER = (
    '[{"name": "Silver", "basis": "money_spent", "threshold": 300, "window": "rolling_12_months"},'
    ' {"name": "Gold", "basis": "money_spent", "threshold": 600, "window": "rolling_12_months",'
    ' "grace_days": 30}]'
)
ACCOUNT, LEDGER, HISTORY = batch.ACCOUNT, batch.LEDGER, tiers.HISTORY
MEMBERSHIP, REDEMPTION = tiers.MEMBERSHIP, LoyaltyRedemption._meta.db_table


def sql(statement, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def say(*parts):
    print(*parts, flush=True)


def _load_definitions(tables):
    """(DDL that drops, DDL that recreates) the tables' secondary indexes, their
    constraints other than primary keys, and their triggers (the append-only guard)."""
    names = [str(table) for table in tables]
    constraints = sql("""SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                         FROM pg_constraint
                         WHERE conrelid::regclass::text = ANY(%s) AND contype <> 'p'
                         ORDER BY contype = 'f', conname""", [names])
    indexes = sql("""SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                     FROM pg_index i
                     WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                       WHERE c.conindid = i.indexrelid)""", [names])
    triggers = sql("""SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid)
                      FROM pg_trigger WHERE tgrelid::regclass::text = ANY(%s)
                        AND NOT tgisinternal""", [names])
    drop = (["ALTER TABLE %s DROP CONSTRAINT %s" % (t, c) for t, c, _ in constraints]
            + ["DROP INDEX %s" % i for i, _ in indexes]
            + ["DROP TRIGGER %s ON %s" % (g, t) for t, g, _ in triggers])
    # one ALTER TABLE per table: its check constraints are validated in one scan
    added = {}
    for table, name, definition in constraints:
        added.setdefault(table, []).append("ADD CONSTRAINT %s %s" % (name, definition))
    create = ([d for _, d in indexes]
              + ["ALTER TABLE %s %s" % (t, ", ".join(parts)) for t, parts in added.items()]
              + [d for _, _, d in triggers])
    return drop, create


def generate(accounts, rows, now):
    """Accounts with ten ledger rows each (earns over two years, a pending earn, a
    clawback, an adjustment, a redemption and its partial return), balances as the
    ledger says except one account in 10 000, some memberships and held redemptions.

    One INSERT ... SELECT FROM generate_series per table (the ledger first, the
    accounts then from its fold, so no second pass rewrites them), with the
    two tables' secondary indexes, constraints and the append-only trigger
    dropped during the load and recreated after (what a restore does), then
    VACUUM ANALYZE.  Logged tables, as in production.
    """
    sql("TRUNCATE %s, %s RESTART IDENTITY CASCADE" % (ACCOUNT, LEDGER))
    drop, create = _load_definitions([ACCOUNT, LEDGER])
    for statement in drop:
        sql(statement)
    sql("SET synchronous_commit = off")
    sql("SET work_mem = '256MB'")
    sql("SET maintenance_work_mem = '512MB'")
    sql("""
        INSERT INTO {t} (account_id, kind, status, points, idempotency_key, order_id,
                         order_number, amount, currency, reason, created_by_email,
                         created_at, available_at)
        SELECT 1 + g %% %(n)s, k.kind, k.status, k.points, 'bench:' || g, k.order_id, '',
               CASE WHEN k.kind = 'earn' THEN k.points END, 'USD', '', '', k.created, k.avail
        FROM generate_series(0::bigint, %(high)s::bigint) g,
        LATERAL (SELECT (g / %(n)s) %% 10 AS j, 10 + (g * 7919) %% 200 AS p,
                        %(now)s - ((g * 37) %% 700) * INTERVAL '1 day' AS old) r,
        LATERAL (SELECT
            CASE WHEN r.j <= 5 THEN 'earn' WHEN r.j = 6 THEN 'clawback' WHEN r.j = 7 THEN 'adjust'
                 WHEN r.j = 8 THEN 'redeem' ELSE 'redeem_return' END AS kind,
            CASE WHEN r.j = 5 THEN 'pending' ELSE 'available' END AS status,
            CASE WHEN r.j <= 5 THEN r.p WHEN r.j = 6 THEN -5 WHEN r.j = 7 THEN 20
                 WHEN r.j = 8 THEN -15 ELSE 5 END AS points,
            CASE WHEN r.j <= 5 THEN 'o' || g WHEN r.j = 6 THEN 'o' || (g - 6 * %(n)s)
                 ELSE '' END AS order_id,
            CASE WHEN r.j = 5 THEN %(now)s - INTERVAL '20 days' ELSE r.old END AS created,
            CASE WHEN r.j = 5 AND g %% 2 = 0 THEN %(now)s - INTERVAL '1 day'
                 WHEN r.j = 5 THEN %(now)s + INTERVAL '10 days'
                 ELSE r.old + INTERVAL '14 days' END AS avail) k
        """.format(t=LEDGER), {"n": accounts, "high": rows - 1, "now": now})
    say("  ledger rows inserted")
    sql("""INSERT INTO {a} (id, email, channel, points_available, points_pending,
                            points_lifetime, tier_slug, tier_floor_slug, created_at, updated_at)
           SELECT g, 'bench' || g || '@example.com', %s,
                  COALESCE(f.av, 0) + CASE WHEN g %% 10000 = 0 THEN 1 ELSE 0 END,
                  COALESCE(f.pe, 0), COALESCE(f.li, 0), '', '', %s, %s
           FROM generate_series(1, %s) g LEFT JOIN (
                SELECT account_id,
                       COALESCE(SUM(points) FILTER (WHERE status <> 'pending'), 0) av,
                       COALESCE(SUM(points) FILTER (WHERE status = 'pending'), 0) pe,
                       COALESCE(SUM(points) FILTER (WHERE kind IN ('earn', 'clawback', 'adjust')),
                                0) li
                FROM {t} GROUP BY account_id) f ON f.account_id = g
        """.format(a=ACCOUNT, t=LEDGER), [CHANNEL, now, now, accounts])
    sql("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [ACCOUNT, accounts])
    sql("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [LEDGER, rows])
    say("  accounts inserted; recreating %d indexes, constraints and triggers" % len(create))
    for statement in create:
        sql(statement)
    sql("""INSERT INTO {m} (account_id, tier_slug, order_id, order_number, starts_at, ends_at,
                            created_at)
           SELECT g, 'gold', 'm' || g, '', %s - INTERVAL '1 day', %s + INTERVAL '30 days', %s
           FROM generate_series(1, %s, 1000) g""".format(m=MEMBERSHIP), [now, now, now, accounts])
    sql("""INSERT INTO {r} (account_id, checkout_token, gift_card_code, points, points_returned,
                            points_unspent, amount, currency, state, order_id, created_at,
                            updated_at)
           SELECT g, md5('gone' || g)::uuid::text, 'BENCH-' || g, 100, 0, 0, 1, 'USD', 'held', '',
                  %s - INTERVAL '1 day', %s
           FROM generate_series(1, %s, 1000) g""".format(r=REDEMPTION), [now, now, accounts])
    sql("VACUUM ANALYZE")  # hint bits and visibility map set, as on a live, vacuumed table
    sql("SET synchronous_commit = on")


def settle():
    """Vacuum what a rolled-back run left behind, so each measured side starts alike
    (dead row versions from the other side's rolled-back writes, hint bits to set)."""
    sql("VACUUM {a}, {t}, {r}".format(a=ACCOUNT, t=LEDGER, r=REDEMPTION))


HAND_WRITTEN = {
    "pending release": """
        WITH moved AS (UPDATE {t} SET status = 'available'
                       WHERE status = 'pending' AND available_at <= %(now)s
                       RETURNING account_id, points),
             s AS (SELECT account_id, SUM(points) p FROM moved GROUP BY account_id)
        UPDATE {a} a SET points_available = a.points_available + s.p,
                         points_pending = a.points_pending - s.p, updated_at = %(now)s
        FROM s WHERE a.id = s.account_id""",
    "verify-ledger": """
        SELECT a.id FROM {a} a LEFT JOIN (
            SELECT account_id,
                   COALESCE(SUM(points) FILTER (WHERE status <> 'pending'), 0) av,
                   COALESCE(SUM(points) FILTER (WHERE status = 'pending'), 0) pe,
                   COALESCE(SUM(points) FILTER (WHERE kind IN ('earn', 'clawback', 'adjust')), 0) li
            FROM {t} GROUP BY account_id) f ON f.account_id = a.id
        WHERE (a.points_available, a.points_pending, a.points_lifetime)
              IS DISTINCT FROM (COALESCE(f.av, 0), COALESCE(f.pe, 0), COALESCE(f.li, 0))""",
    "abandoned sweep": """
        UPDATE {r} r SET state = 'returned', updated_at = %(now)s
        WHERE state = 'held'
          AND NOT EXISTS (SELECT 1 FROM checkout_checkout c WHERE c.token::text = r.checkout_token)
          AND NOT EXISTS (SELECT 1 FROM order_order o WHERE o.checkout_token = r.checkout_token)""",
}


def measure(run):
    """(seconds, peak traced Python MB, ru_maxrss growth MB, SQL statements), rolled back."""
    counter = QueryCounter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(counter), transaction.atomic():
            run()
            transaction.set_rollback(True)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return elapsed, peak / 2 ** 20, rss / 1024, counter.count


def jobs(now):
    settings = parse_program_settings({"tiers": LADDER})
    nothing = parse_program_settings({"tiers": ""})
    tier_statement = tiers._statement(tiers.APPLY, "TRUE", basis="money_spent",
                                      only_holding=False)
    tier_params = tiers._ladder_params(settings, CHANNEL, now)
    return [
        ("tier pass (first night)",
         lambda: tiers.reevaluate_channel_tiers(channel=CHANNEL, settings=settings, now=now),
         lambda: sql(tier_statement, tier_params)),
        ("tier pass, no ladder",
         lambda: tiers.reevaluate_channel_tiers(channel=CHANNEL, settings=nothing, now=now),
         lambda: sql("SELECT id FROM {a} a WHERE channel = %s AND {h} LIMIT 1".format(
             a=ACCOUNT, h=tiers.HOLDS_SOMETHING), [CHANNEL])),
        ("pending release", lambda: batch.release_all_due(now=now),
         lambda: sql(HAND_WRITTEN["pending release"].format(t=LEDGER, a=ACCOUNT), {"now": now})),
        ("verify-ledger", lambda: batch.drifted_accounts(),
         lambda: sql(HAND_WRITTEN["verify-ledger"].format(t=LEDGER, a=ACCOUNT))),
        ("abandoned sweep", lambda: release_abandoned_redemptions(now=now + timedelta(days=4)),
         lambda: sql(HAND_WRITTEN["abandoned sweep"].format(t=LEDGER, a=ACCOUNT, r=REDEMPTION),
                     {"now": now + timedelta(days=4)})),
    ]


def main():
    from demo.saleor3.load import migrate

    create_database_if_missing()
    migrate()
    results = []
    for fraction in FRACTIONS:
        accounts, rows = ACCOUNTS // fraction, ROWS // fraction
        now = timezone.now()
        say("Generating %d accounts, %d ledger rows..." % (accounts, rows))
        started = time.perf_counter()
        generate(accounts, rows, now)
        say("  in %.0f s" % (time.perf_counter() - started))
        for name, job, statement in jobs(now):
            settle()
            job_figures = measure(job)
            settle()
            sql_figures = measure(statement)
            results.append((accounts, rows, name, job_figures, sql_figures))
            say("  " + _row(results[-1]))  # as it comes: a long run's partial table
    say("")
    say("| accounts | ledger rows | job | job s | statement s | ratio | job queries "
        "| peak Python MB | RSS growth MB |")
    say("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for result in results:
        say(_row(result))


def _row(result):
    accounts, rows, name, (seconds, peak, rss, queries), (base, _, _, _) = result
    return "| %d | %d | %s | %.2f | %.2f | %.1fx | %d | %.1f | %.1f |" % (
        accounts, rows, name, seconds, base, seconds / base if base else 0, queries, peak, rss)


if __name__ == "__main__":
    sys.exit(main())
