"""Getting "sync this order" tasks to Celery: after commit, once per order per request.

Saleor fires several hooks for one action (orderCapture on 2.10 calls
order_updated twice, from separate plugin managers, in autocommit mode).  The
sync task reads the committed state, so one task per order per request is
enough: inside a transaction the on-commit callbacks are de-duplicated, and
during an HTTP request with a broker the dispatches are collected and sent
when the request finishes (after the response is written), so the shopper
does not wait for the broker.  Without a broker (tasks run inline) the sync
runs at commit, before the response, so the next request sees the points.
Outside a request (Celery, management commands) a task is sent at commit time.

Nothing is lost: at commit, before anything goes to the broker, the intent is
written to the order's sync row (``sync_state``).  A broker that is down, a
process killed before it sends, or a task that keeps failing leaves that row
pending, and the periodic reconciliation (``reconciliation.py``) sends it
again; it also finds orders whose hook never ran at all.  A dispatch that fails
is logged, never raised into Saleor's request.
"""
import logging
import threading

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from ..hosts import host
from .sync_state import record_sync_intent

logger = logging.getLogger(__name__)

_request_state = threading.local()


class _OrderSyncOnCommit:
    """An on-commit callback that remembers which order it is for."""

    def __init__(self, order_id):
        self.order_id = order_id
        self.done = False

    def __call__(self):
        self.done = True
        _send_or_collect(self.order_id)

    def is_pending_for(self, order_id) -> bool:
        return not self.done and self.order_id == order_id


def schedule_order_sync(order_id: str) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(entry[1], _OrderSyncOnCommit) and entry[1].is_pending_for(order_id)
        for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_OrderSyncOnCommit(order_id))


def _send(order_id: str) -> None:
    """Hand the sync to Celery (or run it, inline); a failure leaves the intent pending."""
    from ..tasks import sync_order_points_task

    try:
        sync_order_points_task.delay(order_id)
    except Exception:  # broker down, or the inline sync failed: reconciliation retries
        logger.warning("Loyalty: order %s sync not dispatched now; the reconciliation will "
                       "send it", order_id, exc_info=True)


def _tasks_run_inline() -> bool:
    from celery import current_app

    return bool(current_app.conf.task_always_eager)


def _send_or_collect(order_id: str) -> None:
    """Collect during a request when a broker takes the task; otherwise send now.

    Without a broker Celery runs the task inline, and running it after the
    response would let the shopper's next request see no points yet.  Saleor
    fires several order hooks after one commit (paid, fully paid, updated...);
    inline, a hook whose order has not changed since this request last synced
    it is skipped, as that sync already saw what this one would.  The intent
    is written before anything is sent or collected (once per order and
    request), so it survives whatever happens next.
    """
    collected = getattr(_request_state, "order_ids", None)
    if collected is None:
        _record(order_id)
        _send(order_id)
    elif not _tasks_run_inline():
        if order_id not in collected:
            _record(order_id)
            collected.add(order_id)
    else:
        synced = _request_state.synced_versions
        version = host.order_version(order_id)
        if version is not None and synced.get(order_id) == version:
            return
        _record(order_id)
        _send(order_id)
        synced[order_id] = version


def _record(order_id: str) -> None:
    record_sync_intent([order_id], now=timezone.now())


def _flush(**kwargs) -> None:
    collected = getattr(_request_state, "order_ids", None)
    _request_state.order_ids = None
    for order_id in sorted(collected or ()):
        _send(order_id)


def _start_collecting(**kwargs) -> None:
    _flush()
    _request_state.order_ids = set()
    _request_state.synced_versions = {}


def connect_request_signals() -> None:
    request_started.connect(_start_collecting, dispatch_uid="saleor_loyalty_plugin_start")
    request_finished.connect(_flush, dispatch_uid="saleor_loyalty_plugin_flush")
