"""The nightly tier pass as set-based SQL: one decision per chunk of accounts.

``core.tiers.decide_tier`` is the rule (upgrades at once, a demotion waits out
the current tier's grace days, never below a tier held by staff or a paid
membership); this module states the same rule in SQL so that a million
accounts are measured with a few statements per chunk of account ids, and
only the accounts whose tier, grace or expired staff hold actually change are
locked and written (``UPDATE ... FROM`` with the history rows inserted from
its ``RETURNING``).  tests/ledger/test_jobs.py holds the two to the same
answers.

Per chunk: one read finds the accounts that change; they are locked in id
order (the order sync's lock); the decision is taken again on the fresh
snapshot and applied in one statement, so a pass beside an order sync, or two
passes at once, never log a change twice nor overwrite a newer tier.  After a
chunk where many accounts changed (the first night, a new ladder), the next
chunk's accounts are locked first and the decision is taken once, under the
locks.
With no ladder only accounts still holding something are visited, through a
partial index: an unconfigured shop costs one index probe.
"""
from datetime import datetime
from decimal import Decimal
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

from django.db import transaction

from ..core import tiers as core
from ..core.balances import KIND_CLAWBACK, KIND_EARN, STATUS_AVAILABLE
from ..core.program import ProgramSettings
from ..ledger.batch import ACCOUNT, CHUNK_SIZE, LEDGER, fetch, id_ranges, lock_accounts
from ..memberships.models import LoyaltyMembership
from .models import LoyaltyTierChange

MEMBERSHIP = LoyaltyMembership._meta.db_table
HISTORY = LoyaltyTierChange._meta.db_table
HOLDS_SOMETHING = ("(a.tier_slug <> '' OR a.tier_grace_until IS NOT NULL "
                   "OR a.tier_floor_slug <> '' OR a.tier_floor_until IS NOT NULL)")

# What counts toward a tier is kept value: each order's earn once its return
# window has closed (its points available), inside the ladder's window, net of
# what was clawed back for it; money in proportion to the points kept.  An
# order still returnable counts once it can no longer be simply sent back, so
# a tier cannot be bought with an order and kept after returning it.  The
# ``gross_*`` figures count the same orders as if none had been refunded or
# cancelled: a demotion that only an undone order causes skips the grace.
METRICS = """
SELECT e.account_id,
       ROUND(SUM(COALESCE(e.amount, 0) * (e.points + COALESCE(c.points, 0)) / e.points), 2)
           AS money_spent,
       SUM(e.points + COALESCE(c.points, 0)) AS points_earned,
       COUNT(*) FILTER (WHERE e.points + COALESCE(c.points, 0) > 0) AS orders,
       ROUND(SUM(COALESCE(e.amount, 0)), 2) AS gross_money_spent,
       SUM(e.points) AS gross_points_earned,
       COUNT(*) AS gross_orders
FROM {ledger} e
LEFT JOIN (
    SELECT account_id, order_id, SUM(points) AS points FROM {ledger}
    WHERE kind = '{clawback}' AND {{scope}} GROUP BY account_id, order_id
) c ON c.account_id = e.account_id AND c.order_id = e.order_id
WHERE e.kind = '{earn}' AND e.status = '{available}' AND {{scope_e}}
  AND (%(start)s::timestamptz IS NULL OR e.created_at >= %(start)s::timestamptz)
GROUP BY e.account_id
""".format(ledger=LEDGER, clawback=KIND_CLAWBACK, earn=KIND_EARN, available=STATUS_AVAILABLE)

DECIDED = """
WITH ladder AS (
    SELECT * FROM unnest(%(slugs)s::text[], %(thresholds)s::numeric[], %(graces)s::int[])
        WITH ORDINALITY AS l(slug, threshold, grace_days, rank)
), acc AS (
    SELECT a.id, a.tier_slug, a.tier_grace_until, a.tier_floor_slug, a.tier_floor_until,
           COALESCE(cur.rank, 0) AS cur_rank, COALESCE(cur.grace_days, 0) AS cur_grace,
           (a.tier_floor_until IS NOT NULL AND a.tier_floor_until <= %(now)s) AS floor_expired,
           COALESCE(fl.rank, 0) AS floor_rank
    FROM {account} a
    LEFT JOIN ladder cur ON cur.slug = a.tier_slug
    LEFT JOIN ladder fl ON fl.slug = a.tier_floor_slug
    WHERE a.channel = %(channel)s AND {{scope_a}} {{only_holding}}
), metrics AS ({metrics}), held AS (
    SELECT m.account_id, MAX(l.rank) AS rank
    FROM {membership} m JOIN ladder l ON l.slug = m.tier_slug
    WHERE m.revoked_at IS NULL AND m.starts_at <= %(now)s AND m.ends_at > %(now)s
      AND {{scope_m}}
    GROUP BY m.account_id
), ranked AS (
    SELECT acc.*,
           COALESCE((SELECT MAX(l.rank) FROM ladder l
                     WHERE l.threshold <= COALESCE(metrics.{{basis}}, 0)), 0) AS q_rank,
           COALESCE((SELECT MAX(l.rank) FROM ladder l
                     WHERE l.threshold <= COALESCE(metrics.gross_{{basis}}, 0)), 0) AS g_rank,
           GREATEST(CASE WHEN acc.floor_expired THEN 0 ELSE acc.floor_rank END,
                    COALESCE(held.rank, 0)) AS h_rank
    FROM acc
    LEFT JOIN metrics ON metrics.account_id = acc.id
    LEFT JOIN held ON held.account_id = acc.id
), stepped AS (
    SELECT ranked.*, GREATEST(q_rank, h_rank) AS target,
           CASE WHEN GREATEST(q_rank, h_rank) >= cur_rank THEN 'up'
                WHEN g_rank >= cur_rank THEN 'undone'
                WHEN cur_grace > 0 AND tier_grace_until IS NULL THEN 'start'
                WHEN cur_grace > 0 AND %(now)s < tier_grace_until THEN 'hold'
                ELSE 'down' END AS step
    FROM ranked
), decided AS (
    SELECT id, tier_slug AS old_slug,
           CASE WHEN step IN ('start', 'hold') THEN tier_slug
                ELSE COALESCE((SELECT slug FROM ladder WHERE rank = target), '') END AS new_slug,
           CASE WHEN step = 'start' THEN %(now)s + cur_grace * INTERVAL '1 day'
                WHEN step = 'hold' THEN tier_grace_until END AS new_grace,
           CASE step WHEN 'up' THEN CASE WHEN q_rank >= h_rank THEN 'qualified' ELSE 'assigned' END
                     WHEN 'start' THEN 'grace period started'
                     WHEN 'hold' THEN 'in grace period'
                     WHEN 'undone' THEN '{undone}'
                     ELSE 'no longer qualifies' END AS reason,
           (floor_expired OR tier_floor_slug = '')
               AND (tier_floor_slug <> '' OR tier_floor_until IS NOT NULL) AS clear_floor,
           tier_grace_until AS old_grace
    FROM stepped
), dirty AS (
    SELECT * FROM decided
    WHERE new_slug <> old_slug OR new_grace IS DISTINCT FROM old_grace OR clear_floor
)
""".format(account=ACCOUNT, membership=MEMBERSHIP, metrics=METRICS, undone=core.REASON_UNDONE)

CHANGING = DECIDED + "SELECT id FROM dirty ORDER BY id"

APPLY = DECIDED + """
, written AS (
    UPDATE {account} a
    SET tier_slug = d.new_slug, tier_grace_until = d.new_grace,
        tier_floor_slug = CASE WHEN d.clear_floor THEN '' ELSE a.tier_floor_slug END,
        tier_floor_until = CASE WHEN d.clear_floor THEN NULL ELSE a.tier_floor_until END,
        updated_at = %(now)s
    FROM dirty d WHERE a.id = d.id
    RETURNING a.id, d.old_slug, d.new_slug, d.reason
), logged AS (
    INSERT INTO {history} (account_id, from_slug, to_slug, reason, created_by_email, created_at)
    SELECT id, old_slug, new_slug, COALESCE(%(why)s, reason), %(actor)s, %(now)s FROM written
    WHERE new_slug <> old_slug ORDER BY id
    RETURNING account_id
)
SELECT id, old_slug, new_slug FROM written ORDER BY id
""".format(account=ACCOUNT, history=HISTORY)


def _scoped(sql: str, column_of_alias: Dict[str, str], scope: str, **extra) -> str:
    """Put the chunk's condition on every table the statement reads."""
    names = {"scope_%s" % alias: scope.replace("{col}", column)
             for alias, column in column_of_alias.items()}
    names["scope"] = scope.replace("{col}", "account_id")
    return sql.format(**dict(names, **extra))


def _statement(sql: str, scope: str, *, basis: str, only_holding: bool) -> str:
    return _scoped(sql, {"a": "a.id", "e": "e.account_id", "m": "m.account_id"}, scope,
                   basis=basis, only_holding=("AND " + HOLDS_SOMETHING) if only_holding else "")


RANGE = "{col} >= %(low)s AND {col} < %(high)s"
IDS = "{col} = ANY(%(ids)s)"


def _ladder_params(settings: ProgramSettings, channel: str, now: datetime) -> dict:
    ladder = settings.tiers
    window = ladder[0].window if ladder else core.WINDOW_LIFETIME
    return {
        "channel": channel, "now": now, "start": core.window_start(window, now),
        "slugs": [t.slug for t in ladder], "thresholds": [t.threshold for t in ladder],
        "graces": [t.grace_days for t in ladder], "why": None, "actor": "",
    }


def _chunks(channel: str, ladder, size: int) -> Iterator[Tuple[int, int]]:
    """Key ranges to visit: all accounts, or (no ladder) those still holding a tier."""
    if ladder:
        yield from id_ranges(ACCOUNT, size)
        return
    after = 0
    while True:
        rows = fetch(
            "SELECT MIN(id), MAX(id) FROM (SELECT a.id FROM %s a WHERE a.channel = %%(channel)s"
            " AND a.id > %%(after)s AND %s ORDER BY a.id LIMIT %%(size)s) chunk"
            % (ACCOUNT, HOLDS_SOMETHING), {"channel": channel, "after": after, "size": size})
        low, high = rows[0]
        if low is None:
            return
        yield low, high + 1
        after = high


def _apply(ids, params, *, basis: str, holding: bool) -> List[Tuple[int, str, str]]:
    """Lock ``ids`` and apply the decision taken on the fresh snapshot; the tier changes."""
    apply_sql = _statement(APPLY, IDS, basis=basis, only_holding=holding)
    with transaction.atomic():
        locked = lock_accounts("id = ANY(%(ids)s)", {"ids": list(ids)})
        return _changes(fetch(apply_sql, dict(params, ids=locked)))


def _apply_range(low: int, high: int, params, *, basis: str, holding: bool) -> Tuple[int, list]:
    """Lock the channel's accounts in ``[low, high)`` and decide once under the locks.

    For dense chunks (the first night, a new ladder), where nearly every
    account changes: reading first would take the decision twice.  Returns
    (accounts written, the tier changes).
    """
    apply_sql = _statement(APPLY, RANGE, basis=basis, only_holding=holding)
    with transaction.atomic():
        lock_accounts("channel = %(channel)s AND id >= %(low)s AND id < %(high)s",
                      {"channel": params["channel"], "low": low, "high": high})
        written = fetch(apply_sql, dict(params, low=low, high=high))
    return len(written), _changes(written)


def _changes(written) -> List[Tuple[int, str, str]]:
    return [(pk, before, after) for pk, before, after in written if before != after]


def reevaluate_accounts(*, account_ids, settings: ProgramSettings, channel: str, now: datetime,
                        why: Optional[str] = None, actor_email: str = ""):
    """The same decision for a few accounts of one channel (order sync, staff, release)."""
    params = dict(_ladder_params(settings, channel, now), why=why, actor=actor_email)
    basis = settings.tiers[0].basis if settings.tiers else core.BASIS_MONEY_SPENT
    return _apply(account_ids, params, basis=basis, holding=False)


# A chunk where at least this share of the accounts changed makes the next chunk skip
# the read and decide once under the locks (``_apply_range``); below it, the next chunk
# reads first and locks only the accounts that change (a quiet night locks nothing).
# Locking a whole chunk costs less than deciding again for a tenth of it (make
# bench-scale's first night, where four accounts in ten change: 2.2x -> 1.4x at 1/10).
DENSE_SHARE = 0.1


def reevaluate_channel_tiers(*, channel: str, settings: ProgramSettings, now: datetime,
                             size: int = CHUNK_SIZE, dense_share: float = DENSE_SHARE) -> int:
    """Apply the channel's ladder to all its accounts; how many tiers changed.

    A count, not a list: the pass holds one chunk's ids at a time, whatever changes.
    """
    params = _ladder_params(settings, channel, now)
    basis = settings.tiers[0].basis if settings.tiers else core.BASIS_MONEY_SPENT
    holding = not settings.tiers
    changing_sql = _statement(CHANGING, RANGE, basis=basis, only_holding=holding)
    changed, dense = 0, False
    for low, high in _chunks(channel, settings.tiers, size):
        if dense:
            written, changes = _apply_range(low, high, params, basis=basis, holding=holding)
        else:
            ids = [row[0] for row in fetch(changing_sql, dict(params, low=low, high=high))]
            written = len(ids)
            changes = _apply(ids, params, basis=basis, holding=holding) if ids else []
        changed += len(changes)
        dense = written >= dense_share * (high - low)
    return changed


def metrics_by_account(account_ids: Iterable[int], window: str,
                       now: datetime) -> Dict[int, core.TierMetrics]:
    """What counts toward a tier, for a list of accounts (one statement)."""
    account_ids = list(account_ids)
    found = {pk: core.TierMetrics(money_spent=Decimal("0.00")) for pk in account_ids}
    if not account_ids:
        return found
    sql = _scoped(METRICS, {"e": "e.account_id"}, IDS)
    for pk, money, points, orders, _, _, _ in fetch(
            sql, {"ids": account_ids, "start": core.window_start(window, now)}):
        found[pk] = core.TierMetrics(money_spent=money, points_earned=int(points),
                                     orders=int(orders))
    return found
