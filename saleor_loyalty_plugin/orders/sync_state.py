"""The order sync rows: intents written by hooks, outcomes written by syncs.

An intent is one upsert (``requested_at`` moves forward), so a burst of hooks
for one order costs one row.  A sync holds the row's lock for its whole
transaction: that is what serialises two workers syncing the same order.
"""
from datetime import datetime
from typing import List, Tuple

from django.db import connection

from .models import LoyaltyOrderSync

MAX_ERROR_LENGTH = 2000


def record_sync_intent(order_ids, *, now: datetime) -> None:
    """Remember that these orders need a sync (before anything is sent anywhere)."""
    order_ids = sorted({str(order_id) for order_id in order_ids})
    if not order_ids:
        return
    table = LoyaltyOrderSync._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO {table} (order_id, requested_at, failures, last_error) "
            "SELECT order_id, %s, 0, '' FROM unnest(%s::varchar[]) AS ids(order_id) "
            "ON CONFLICT (order_id) DO UPDATE SET requested_at = GREATEST("
            "{table}.requested_at, EXCLUDED.requested_at)".format(table=table),
            [now, order_ids],
        )


def lock_sync_state(order_id: str, *, now: datetime) -> LoyaltyOrderSync:
    """The order's sync row, created if needed and locked until the transaction ends."""
    record_sync_intent([order_id], now=now)
    return LoyaltyOrderSync.objects.select_for_update().get(order_id=order_id)


def record_sync_outcome(state: LoyaltyOrderSync, *, started: datetime,
                        failures: List[Tuple[str, str]]) -> None:
    """A sync that started at ``started`` finished: converged, or failed in some parts."""
    if failures:
        state.failures += 1
        state.last_error = "; ".join("%s: %s" % failure for failure in failures)[
            :MAX_ERROR_LENGTH]
    else:
        state.synced_at, state.failures, state.last_error = started, 0, ""
    state.save(update_fields=["synced_at", "failures", "last_error"])
