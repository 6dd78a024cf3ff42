"""Inline (no broker), one request: repeated hooks for an unchanged order sync once.

Saleor 3 fires several order hooks after one commit (paid, fully paid,
updated...).  Without a broker the sync runs inside the request, so a hook
whose order has not moved since this request synced it is skipped; a hook
after the order changed still syncs, so nothing is lost.
"""
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.orders.dispatch import schedule_order_sync

from . import flows

pytestmark = pytest.mark.django_db


def ledger_kinds(order_id):
    return sorted(LoyaltyTransaction.objects.filter(order_id=order_id)
                  .values_list("kind", flat=True))


def test_an_unchanged_order_is_synced_once_per_request_and_a_changed_one_again(
    enable_loyalty, shop, user_api_client, payment_app, committed,
):
    # given: a paid order that earned its points
    from saleor.order.models import Order

    enable_loyalty()
    placed = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    order = Order.objects.get(number=placed["number"])
    order_id = str(order.pk)
    assert ledger_kinds(order_id) == ["earn"]

    # A request begins, as Django's test client starts one (keeping the connection).
    request_started.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        # when: two hooks for the same, unchanged order in one request
        # (the hooks run after Saleor's commit, like the test client's callbacks)
        with CaptureQueriesContext(connection) as first, committed(execute=True):
            schedule_order_sync(order_id)
        with CaptureQueriesContext(connection) as second, committed(execute=True):
            schedule_order_sync(order_id)
        # ... and one more after the order was cancelled in the same request
        Order.objects.filter(pk=order.pk).update(status="canceled")
        with committed(execute=True):
            schedule_order_sync(order_id)
    finally:
        request_finished.disconnect(close_old_connections)
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    # then: the repeat cost one version query, the change was synced
    assert len(first) > 3
    assert len(second) == 1
    assert ledger_kinds(order_id) == ["clawback", "earn"]
