"""Celery entry points: they take ids, call a service, and can run twice.

Idempotency comes from the ledger's unique keys, so a retried or duplicated
delivery is harmless; the plugin dispatches them on transaction commit.
"""
from celery import shared_task
from django.utils import timezone

from .hosts import host
from .ledger.services import release_all_matured
from .orders.services import customer_credit_guest_orders, order_sync_points
from .program.selectors import active_program_for
from .redemption.services import release_abandoned_redemptions
from .tiers.services import reevaluate_all_tiers


@shared_task(name="saleor_loyalty_plugin.tasks.sync_order_points_task")
def sync_order_points_task(order_id):
    with host.writer_access():
        order_sync_points(order_id=str(order_id))


@shared_task(name="saleor_loyalty_plugin.tasks.credit_guest_orders_task")
def credit_guest_orders_task(user_id):
    with host.writer_access():
        customer_credit_guest_orders(user_id=user_id)


@shared_task(name="saleor_loyalty_plugin.tasks.release_matured_points_task")
def release_matured_points_task():
    """Every 15 minutes: matured points become available, abandoned redemptions return."""
    now = timezone.now()
    with host.writer_access():
        release_abandoned_redemptions(now=now)
        return release_all_matured(now=now)


@shared_task(name="saleor_loyalty_plugin.tasks.reevaluate_tiers_task")
def reevaluate_tiers_task():
    """Nightly: windows roll, grace periods end, ladders change."""
    with host.writer_access():
        return reevaluate_all_tiers(now=timezone.now(), settings_for=active_program_for)
