"""The demo's stand-in for Celery beat when no broker is given.

Without ``CELERY_BROKER_URL`` the demo runs Celery tasks inline and no beat
process exists, so the plugin's periodic tasks would never run: no thank-you
after a checkout, no pending points released.  ``make demo`` sets
``LOYALTY_DEMO_BEAT`` (seconds) and the server process then runs the
journey, the pending release and the reconciliation every that many seconds
in one daemon thread, as beat would (each task is idempotent).  With a
broker, run Celery beat and a worker as Saleor requires instead.
"""
import logging
import os
import threading
import time

logger = logging.getLogger(__name__)
TASKS = ("run_journey_task", "release_matured_points_task", "reconcile_orders_task")
_started = threading.Lock()
_running = []


def start_demo_beat() -> None:
    seconds = float(os.environ.get("LOYALTY_DEMO_BEAT") or 0)
    if seconds <= 0 or os.environ.get("CELERY_BROKER_URL"):
        return
    with _started:
        if _running:
            return
        thread = threading.Thread(target=_loop, args=(seconds,), name="loyalty-demo-beat",
                                  daemon=True)
        _running.append(thread)
        thread.start()


def _loop(seconds: float) -> None:
    from django.db import close_old_connections

    from saleor_loyalty_plugin import tasks

    while True:
        time.sleep(seconds)
        for name in TASKS:
            try:
                getattr(tasks, name).apply()
            except Exception:  # the next tick tries again
                logger.warning("Demo beat: %s failed", name, exc_info=True)
        close_old_connections()
