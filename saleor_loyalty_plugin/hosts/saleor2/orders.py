"""Saleor 2.10 orders as core snapshots: money comes only from payment records."""
from ...core.earning import OrderSnapshot
from ..common import order_version_with_payments, payments_captured_and_refunded, snapshot_of
from .channels import NO_CHANNEL


def order_channel(order) -> str:
    return NO_CHANNEL


def order_snapshot(order, with_lines: bool = True) -> OrderSnapshot:
    captured, refunded = payments_captured_and_refunded(order)
    return snapshot_of(order, channel=NO_CHANNEL, captured=captured, refunded=refunded,
                       order_number=str(getattr(order, "number", None) or order.pk),
                       with_lines=with_lines)


def recent_orders_for_user(user, channel: str, limit: int):
    """The customer's newest orders, with what their snapshots read prefetched."""
    from saleor.order.models import Order

    return list(
        Order.objects.filter(user=user).order_by("-pk")
        .prefetch_related("payments__transactions")[:limit]
    )


VERSION_FIELDS = ("status", "total_net_amount", "total_gross_amount")


def order_version(order_id: str):
    """A value that changes whenever what an order sync reads changes (None: no order)."""
    return order_version_with_payments(order_id, VERSION_FIELDS)
