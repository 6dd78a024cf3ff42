"""Periodic reconciliation: every order whose ledger has not converged gets synced again.

Two ways an order can be left behind, both found with chunked set-based reads:

- an intent nobody finished: the hook wrote the order's sync row but the task
  never ran or kept failing (broker down, worker lost, a bug fixed since);
- a change nobody heard of: the process died between Saleor's commit and the
  hook, so not even the intent exists.  Orders that Saleor changed since the
  last scan (a cursor, with some overlap) and whose last finished sync started
  before that change are synced again.

Orders changed in the last ``SETTLE_TIME`` are left to their own hooks, so a
healthy shop sends nothing extra.  Syncs are idempotent: sending one too many
costs a task, never a point.
"""
import logging
from datetime import datetime, timedelta
from typing import Callable, Iterable, List

from django.db.models import F, Q

from ..hosts import host
from .models import LoyaltyJobCursor, LoyaltyOrderSync
from .sync_state import record_sync_intent

logger = logging.getLogger(__name__)

SETTLE_TIME = timedelta(minutes=2)
SCAN_OVERLAP = timedelta(minutes=10)
FIRST_SCAN_LOOKBACK = timedelta(days=1)
CURSOR_NAME = "order-changes"
CHUNK_SIZE = 500
MAX_RETRIES_PER_RUN = 5000
MAX_RETRY_WAIT = timedelta(days=1)


def stuck_order_ids(*, now: datetime, settle: timedelta = SETTLE_TIME,
                    limit: int = MAX_RETRIES_PER_RUN) -> List[str]:
    """Intents older than the settle time whose sync never finished after them.

    An order whose sync keeps failing is retried less and less often (the
    wait doubles per failure, up to a day), so one broken order cannot crowd
    out the others.
    """
    pending = Q(synced_at__isnull=True) | Q(synced_at__lt=F("requested_at"))
    rows = (LoyaltyOrderSync.objects.filter(pending, requested_at__lte=now - settle)
            .order_by("requested_at").values_list("order_id", "requested_at", "failures"))
    return [order_id for order_id, requested_at, failures in rows[:limit]
            if requested_at <= now - retry_wait(failures, settle)]


def retry_wait(failures: int, settle: timedelta = SETTLE_TIME) -> timedelta:
    return min(settle * (2 ** min(failures, 10)), MAX_RETRY_WAIT)


def unsynced_changes(chunk) -> List[str]:
    """Of ``(order_id, changed_at)`` pairs, the orders no finished sync has seen yet."""
    synced = dict(
        LoyaltyOrderSync.objects.filter(order_id__in=[order_id for order_id, _ in chunk])
        .values_list("order_id", "synced_at")
    )
    return [order_id for order_id, changed_at in chunk
            if synced.get(order_id) is None or synced[order_id] < changed_at]


def reconcile_orders(*, now: datetime, send: Callable[[str], None],
                     settle: timedelta = SETTLE_TIME, chunk_size: int = CHUNK_SIZE) -> int:
    """Send a sync for every order left behind; returns how many were sent."""
    sent = _send_all(stuck_order_ids(now=now, settle=settle), send=send, now=now)
    cursor = LoyaltyJobCursor.objects.filter(name=CURSOR_NAME).first()
    start = (cursor.position - SCAN_OVERLAP) if cursor else now - FIRST_SCAN_LOOKBACK
    end = now - settle
    if start < end:
        for chunk in host.orders_changed_between(start=start, end=end, chunk_size=chunk_size):
            sent += _send_all(unsynced_changes(chunk), send=send, now=now)
        LoyaltyJobCursor.objects.update_or_create(name=CURSOR_NAME, defaults={"position": end})
    if sent:
        logger.info("Loyalty reconciliation: %d order syncs sent again", sent)
    return sent


def _send_all(order_ids: Iterable[str], *, send, now) -> int:
    order_ids = list(order_ids)
    record_sync_intent(order_ids, now=now)
    for order_id in order_ids:
        send(order_id)
    return len(order_ids)
