"""Scheduling is the point here: a real Celery worker and a real Redis broker.

The release of matured points runs from Celery beat in production; these
tests check the schedule is registered and that a worker consuming the
broker releases points and can run the task twice safely.
"""
import time
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.contrib.auth import get_user_model
from django.utils import timezone

from saleor_loyalty_plugin.ledger import services as ledger
from saleor_loyalty_plugin.apps import RELEASE_TASK_NAME
from saleor_loyalty_plugin.models import LoyaltyAccount
from saleor_loyalty_plugin.tasks import release_matured_points_task

BROKER_URL = "redis://127.0.0.1:6379/15"


def saleor_celery_app():
    from saleor.celeryconf import app

    return app


def test_release_task_is_on_the_beat_schedule():
    app = saleor_celery_app()
    schedule = app.conf.beat_schedule
    entries = [entry for entry in schedule.values() if entry["task"] == RELEASE_TASK_NAME]
    assert len(entries) == 1
    assert 0 < float(entries[0]["schedule"]) <= 3600
    assert RELEASE_TASK_NAME in app.tasks


@pytest.fixture
def real_broker():
    """A Celery app on Redis, made current so the plugin's shared tasks use it.

    Saleor's own app runs tasks eagerly in the rest of the suite and caches
    its broker connection, so this test gets an app of its own, with a queue
    of its own so parallel runs sharing this Redis never take each other's tasks.
    """
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail("Redis is not running at %s (.ci/run starts it)" % BROKER_URL)
    queue = "loyalty-test-%s" % uuid.uuid4().hex
    app = Celery("loyalty-worker-test", broker=BROKER_URL, set_as_current=True)
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    try:
        yield app, queue
    finally:
        saleor_celery_app().set_current()
        redis.Redis.from_url(BROKER_URL).delete(queue)


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_worker_releases_matured_points_delivered_through_the_broker(real_broker):
    # given: points earned 31 days ago with a 30-day window
    user = get_user_model().objects.create(email="worker@example.com", is_active=True)
    account = ledger.get_or_create_account(user=user, channel="")
    earned_at = timezone.now() - timedelta(days=31)
    ledger.earn(
        account=account, points=75, key="order:w1:earn", order_id="w1", order_number="w1",
        amount=Decimal("75"), currency="USD", available_at=earned_at + timedelta(days=30),
        now=earned_at,
    )

    def released():
        return LoyaltyAccount.objects.get(pk=account.pk).points_available == 75

    # when: the task goes through Redis, twice, to a real worker
    app, queue = real_broker
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING",
                      queues=[queue]):
        release_matured_points_task.delay()
        release_matured_points_task.delay()
        was_released = wait_for(released)
        time.sleep(0.5)  # let the second delivery run too

    # then (asserted after the worker has stopped, so a failure cannot hang the run)
    assert was_released
    account.refresh_from_db()
    assert (account.points_available, account.points_pending) == (75, 0)
