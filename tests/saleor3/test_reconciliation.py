"""The reconciliation's scan of Saleor's changed orders, on Saleor 3's ``updated_at``.

Orders whose hook never ran (the process died between Saleor's commit and
the hook: no sync intent exists) are found by walking the orders Saleor saved
since the last scan, a chunk at a time; every one of them must come out,
whatever the chunk size, and syncing them again moves no point.
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.order.models import Order

from saleor_loyalty_plugin.models import LoyaltyOrderSync, LoyaltyTransaction
from saleor_loyalty_plugin.orders.reconciliation import reconcile_orders
from saleor_loyalty_plugin.orders.services import order_sync_points

from . import flows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("chunk_size", [1, 2, 500])
def test_every_order_no_hook_heard_of_is_synced_again_once(
    enable_loyalty, shop, user_api_client, payment_app, chunk_size
):
    # given: three paid orders, then the hooks' traces lost (as if the process died
    # between each commit and its hook)
    enable_loyalty()
    placed = [flows.checkout(user_api_client, shop, quantity, payment_app=payment_app)
              for quantity in (1, 2, 3)]
    order_ids = {str(pk) for pk in Order.objects.filter(
        number__in=[order["number"] for order in placed]).values_list("pk", flat=True)}
    earned = sorted(LoyaltyTransaction.objects.values_list("order_id", "points"))
    LoyaltyOrderSync.objects.all().delete()

    # when: the reconciliation runs, walking the changed orders ``chunk_size`` at a time
    sent = []
    count = reconcile_orders(now=timezone.now(), send=sent.append,
                             settle=timedelta(0), chunk_size=chunk_size)

    # then: each order is sent once; syncing them again changes no ledger row
    assert count == 3 and sorted(sent) == sorted(order_ids)
    for order_id in sent:
        order_sync_points(order_id=order_id)
    assert sorted(LoyaltyTransaction.objects.values_list("order_id", "points")) == earned

    # when: it runs again with nothing new
    again = []
    reconcile_orders(now=timezone.now(), send=again.append,
                     settle=timedelta(0), chunk_size=chunk_size)

    # then: the synced orders are not sent again
    assert again == []
