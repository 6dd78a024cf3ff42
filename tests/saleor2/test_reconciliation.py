"""The reconciliation's scan of Saleor 2.10's order events (2.10 orders keep no change time).

Orders whose hook never ran (the process died between Saleor's commit and
the hook: no sync intent exists) are found from the order events written
since the last scan, a chunk at a time; every one must come out, whatever the
chunk size, and syncing them again moves no point.
"""
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_loyalty_plugin.models import LoyaltyOrderSync, LoyaltyTransaction
from saleor_loyalty_plugin.orders.reconciliation import reconcile_orders
from saleor_loyalty_plugin.orders.services import order_sync_points

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("chunk_size", [1, 500])
def test_every_order_no_hook_heard_of_is_synced_again_once(
    storefront, shop, customer, enable_loyalty, chunk_size
):
    # given: three paid orders, then the hooks' traces lost (as if the process died
    # between each commit and its hook)
    from saleor.order.models import Order

    enable_loyalty()
    jacket = shop.variants["JACKET-WAXED"]
    placed = [storefront.checkout([(jacket, quantity)], token=customer.token,
                                  shipping_method=shop.shipping_method)
              for quantity in (1, 2, 3)]
    numbers = [order["number"] for order in placed]  # 2.10: an order's number is its id
    order_ids = {str(pk) for (pk,) in Order.objects.filter(pk__in=numbers).values_list("pk")}
    earned = sorted(LoyaltyTransaction.objects.values_list("order_id", "points"))
    assert len(earned) == 3
    LoyaltyOrderSync.objects.all().delete()

    # when: the reconciliation runs, walking the changed orders ``chunk_size`` at a time
    sent = []
    count = reconcile_orders(now=timezone.now(), send=sent.append, settle=timedelta(0),
                             chunk_size=chunk_size)

    # then: each order is sent once; syncing them again changes no ledger row
    assert count == 3 and sorted(sent) == sorted(order_ids)
    for order_id in sent:
        order_sync_points(order_id=order_id)
    assert sorted(LoyaltyTransaction.objects.values_list("order_id", "points")) == earned

    # when: it runs again with nothing new; then: nothing is sent
    again = []
    reconcile_orders(now=timezone.now(), send=again.append, settle=timedelta(0),
                     chunk_size=chunk_size)
    assert again == []
