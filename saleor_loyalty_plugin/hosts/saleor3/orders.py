"""Saleor 3 orders as core snapshots.

Money arrives two ways in Saleor 3: the legacy payments API (payment records,
like 2.10) and payment apps' transaction items, which keep charged and
refunded amounts apart.  Both count; gift cards and vouchers are neither.
"""
from ...core.earning import OrderSnapshot
from ..common import ZERO, order_version_with_payments, payments_captured_and_refunded, snapshot_of


def order_channel(order) -> str:
    return order.channel.slug


def transactions_captured_and_refunded(order):
    captured = ZERO
    refunded = ZERO
    for item in order.payment_transactions.all():
        captured += item.charged_value + item.refunded_value
        refunded += item.refunded_value
    return captured, refunded


def order_snapshot(order, with_lines: bool = True) -> OrderSnapshot:
    captured, refunded = payments_captured_and_refunded(order)
    more_captured, more_refunded = transactions_captured_and_refunded(order)
    return snapshot_of(order, channel=order_channel(order), order_number=str(order.number),
                       captured=captured + more_captured, refunded=refunded + more_refunded,
                       with_lines=with_lines)


def get_order(order_id: str):
    """The order with what a sync reads of it in the same query."""
    from ..common import get_order as get_order_with

    return get_order_with(order_id, related=("user", "channel"))


def recent_orders_for_user(user, channel: str, limit: int):
    """The customer's newest orders in the channel, with what snapshots read prefetched."""
    from saleor.order.models import Order

    return list(
        Order.objects.filter(user=user, channel__slug=channel)
        .select_related("channel").order_by("-created_at")
        .prefetch_related("payments__transactions", "payment_transactions")[:limit]
    )


VERSION_FIELDS = ("status", "charge_status", "authorize_status", "total_charged_amount",
              "updated_at")


def order_version(order_id: str):
    """A value that changes whenever what an order sync reads changes (None: no order)."""
    return order_version_with_payments(order_id, VERSION_FIELDS)
