"""Set-based ledger writes for jobs over many accounts (expiry, birthdays).

One SQL statement per chunk inserts the rows a candidate query selects and
moves the cached balances by exactly what was inserted: a row whose key
exists already is skipped (``ON CONFLICT DO NOTHING``) and moves nothing, so
a job that runs twice, or two workers at once, pay or take once.  The chunk's
account rows are locked first, in id order (the same lock every other ledger
write takes), so a checkout redeeming points waits rather than interleaves.
"""
from typing import Sequence

from django.db import connection, transaction

from ..core.balances import LIFETIME_KINDS, STATUS_AVAILABLE
from . import batch
from .models import LoyaltyAccount, LoyaltyTransaction

ACCOUNTS = LoyaltyAccount._meta.db_table
TRANSACTIONS = LoyaltyTransaction._meta.db_table
# What a candidate query must return, in this order.
CANDIDATE_COLUMNS = ("account_id", "kind", "points", "idempotency_key", "reason",
                     "expiry_cutoff")

APPEND = """
WITH candidates AS ({candidates}),
inserted AS (
    INSERT INTO {transactions} (account_id, kind, status, points, idempotency_key, order_id,
                                order_number, amount, currency, reason, created_by_email,
                                created_at, available_at, expiry_cutoff)
    SELECT account_id, kind, %(status)s, points, idempotency_key, '', '', NULL, '', reason, '',
           %(now)s, %(now)s, expiry_cutoff
    FROM candidates WHERE points <> 0
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING account_id, kind, points
),
moved AS (
    SELECT account_id, SUM(points) AS points,
           SUM(CASE WHEN kind = ANY(%(lifetime_kinds)s) THEN points ELSE 0 END) AS lifetime
    FROM inserted GROUP BY account_id
)
UPDATE {accounts} AS account
SET points_available = account.points_available + moved.points,
    points_lifetime = account.points_lifetime + moved.lifetime,
    updated_at = %(now)s
FROM moved WHERE account.id = moved.account_id
RETURNING moved.points
"""


def lock_accounts(account_ids: Sequence[int]) -> None:
    """Row-lock these accounts in id order (``batch.lock_accounts``, by id list)."""
    batch.lock_accounts("id = ANY(%s)", [list(account_ids)])


@transaction.atomic
def append_selected(*, account_ids: Sequence[int], candidates: str, params: dict, now) -> int:
    """Insert what ``candidates`` (SQL naming CANDIDATE_COLUMNS) selects; the net points moved.

    ``candidates`` may use ``%(account_ids)s`` and its own named ``params``;
    it runs after the accounts are locked, so it reads their settled state.
    """
    if not account_ids:
        return 0
    lock_accounts(account_ids)
    sql = APPEND.format(candidates=candidates, transactions=TRANSACTIONS, accounts=ACCOUNTS)
    arguments = dict(params, account_ids=list(account_ids), now=now, status=STATUS_AVAILABLE,
                     lifetime_kinds=list(LIFETIME_KINDS))
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return sum(points for (points,) in cursor.fetchall())


def account_id_chunks(queryset, *, size: int):
    """Ids of the accounts in ``queryset``, ``size`` at a time, by id (a keyset walk)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]
