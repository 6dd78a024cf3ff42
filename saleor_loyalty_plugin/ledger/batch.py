"""Set-based ledger jobs: the pending-points release and the ledger check.

Jobs over many accounts are a few SQL statements per chunk of account ids
(``UPDATE ... FROM``, aggregates over a key range), never a Python loop per
account, so a million accounts cost about as much as one hand-written
statement and the process's memory does not grow with the ledger.  Chunks
keep each transaction short: the rows locked at once are one chunk's.

Locks are taken in the order every ledger writer takes them (the account row
first, ``SELECT ... FOR UPDATE`` in id order, then its ledger rows), so a
job running beside an order sync or a second copy of itself waits instead
of deadlocking or moving points twice.
"""
from datetime import datetime
from typing import Iterator, List, Optional, Tuple

from django.db import connection, transaction

from ..core import balances as core
from .models import LoyaltyAccount, LoyaltyTransaction

ACCOUNT = LoyaltyAccount._meta.db_table
LEDGER = LoyaltyTransaction._meta.db_table
CHUNK_SIZE = 5000
_LIFETIME = "(%s)" % ", ".join("'%s'" % kind for kind in core.LIFETIME_KINDS)


def fetch(sql: str, params=None) -> List[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def id_ranges(table: str, size: int = CHUNK_SIZE) -> Iterator[Tuple[int, int]]:
    """Half-open ``[low, high)`` ranges of ``table``'s ids (two index probes)."""
    (low, high), = fetch("SELECT MIN(id), MAX(id) FROM %s" % table)
    if low is None:
        return
    for start in range(low, high + 1, size):
        yield start, start + size


def lock_accounts(where: str, params) -> List[int]:
    """Row-lock the accounts ``where`` selects, in id order (ledger writers' order)."""
    return [row[0] for row in fetch(
        "SELECT id FROM %s WHERE %s ORDER BY id FOR UPDATE" % (ACCOUNT, where), params)]


# --- pending points whose return window closed --------------------------------

_DUE = "status = 'pending' AND available_at <= %(now)s AND account_id > %(after)s"
_NEXT_DUE = ("SELECT account_id FROM {ledger} WHERE " + _DUE
             + " ORDER BY account_id OFFSET %(size)s - 1 LIMIT 1").format(ledger=LEDGER)
_RELEASE = """
WITH moved AS (
    UPDATE {ledger} SET status = 'available'
    WHERE {due} AND account_id <= %(upto)s
    RETURNING account_id, points
), per_account AS (
    SELECT account_id, SUM(points) AS points FROM moved GROUP BY account_id
), balances AS (
    UPDATE {account} a
    SET points_available = a.points_available + p.points,
        points_pending = a.points_pending - p.points,
        updated_at = %(now)s
    FROM per_account p WHERE a.id = p.account_id
    RETURNING p.account_id, p.points
)
SELECT COALESCE(SUM(points), 0), ARRAY_AGG(account_id) FROM balances
""".format(ledger=LEDGER, account=ACCOUNT, due=_DUE)
_MAX_ID = 2 ** 31 - 1


def release_due(*, now: datetime, after: int = 0, upto: int = _MAX_ID,
                on_released=None) -> int:
    """Release the due rows of accounts ``after < id <= upto`` in one transaction.

    ``on_released(account ids)`` runs inside it, under the same locks (the
    tiers that matured points now reach).
    """
    params = {"now": now, "after": after, "upto": upto}
    with transaction.atomic():
        if not lock_accounts(
                "id IN (SELECT account_id FROM %s WHERE %s AND account_id <= %%(upto)s)"
                % (LEDGER, _DUE), params):
            return 0
        (moved, account_ids), = fetch(_RELEASE, params)
        if on_released is not None and account_ids:
            on_released(account_ids)
    return int(moved)


def release_all_due(*, now: datetime, size: int = CHUNK_SIZE, on_released=None) -> int:
    """Every account's matured pending points, a chunk of ledger rows at a time.

    The chunk boundary is read from the partial index of pending rows, so
    when nothing is due the whole job is one index probe.
    """
    moved, after = 0, 0
    while True:
        boundary = fetch(_NEXT_DUE, {"now": now, "after": after, "size": size})
        upto = boundary[0][0] if boundary else _MAX_ID
        moved += release_due(now=now, after=after, upto=upto, on_released=on_released)
        if not boundary:
            return moved
        after = upto


# --- cached balances against the ledger ----------------------------------------

_DRIFT = """
SELECT a.id, COALESCE(f.available, 0), COALESCE(f.pending, 0), COALESCE(f.lifetime, 0)
FROM {account} a
LEFT JOIN (
    SELECT account_id,
           SUM(points) FILTER (WHERE status <> 'pending') AS available,
           SUM(points) FILTER (WHERE status = 'pending') AS pending,
           SUM(points) FILTER (WHERE kind IN {lifetime}) AS lifetime
    FROM {ledger} WHERE account_id >= %(low)s AND account_id < %(high)s
    GROUP BY account_id
) f ON f.account_id = a.id
WHERE a.id >= %(low)s AND a.id < %(high)s
  AND (a.points_available, a.points_pending, a.points_lifetime)
      IS DISTINCT FROM (COALESCE(f.available, 0), COALESCE(f.pending, 0), COALESCE(f.lifetime, 0))
ORDER BY a.id
""".format(account=ACCOUNT, ledger=LEDGER, lifetime=_LIFETIME)


def drifted_accounts(size: int = CHUNK_SIZE,
                     limit: Optional[int] = None) -> List[Tuple[LoyaltyAccount, core.Balances]]:
    """Accounts whose cached balances differ from the fold of their ledger.

    One aggregate per key range; each statement sees one snapshot, and every
    writer moves a ledger row and its account's cache in one transaction, so
    a write in flight never shows up as drift.
    """
    found = []
    for low, high in id_ranges(ACCOUNT, size):
        found += fetch(_DRIFT, {"low": low, "high": high})
        if limit is not None and len(found) >= limit:
            break
    accounts = LoyaltyAccount.objects.in_bulk([row[0] for row in found])
    return [
        (accounts[pk], core.Balances(available=int(available), pending=int(pending),
                                     lifetime=int(lifetime)))
        for pk, available, pending, lifetime in found if pk in accounts
    ]
