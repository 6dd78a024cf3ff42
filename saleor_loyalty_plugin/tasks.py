"""Celery entry points: they take ids, call a service, and can run twice.

Idempotency comes from the ledger's unique keys, so a retried or duplicated
delivery is harmless; tasks are dispatched on transaction commit by the plugin.
"""
from celery import shared_task

from . import services
from .compat import writer_access


@shared_task(name="saleor_loyalty_plugin.tasks.sync_order_points_task")
def sync_order_points_task(order_id):
    with writer_access():
        services.order_sync_points(order_id=str(order_id))


@shared_task(name="saleor_loyalty_plugin.tasks.credit_guest_orders_task")
def credit_guest_orders_task(user_id):
    with writer_access():
        services.customer_credit_guest_orders(user_id=user_id)


@shared_task(name="saleor_loyalty_plugin.tasks.release_matured_points_task")
def release_matured_points_task():
    """Every 15 minutes: matured points become available, abandoned redemptions return."""
    with writer_access():
        services.release_abandoned_redemptions()
        return services.release_matured_points()


@shared_task(name="saleor_loyalty_plugin.tasks.reevaluate_tiers_task")
def reevaluate_tiers_task():
    with writer_access():
        return services.reevaluate_tiers()
