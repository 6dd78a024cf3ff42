"""Saleor 2.10 orders as core snapshots: money comes only from payment records."""
from ...core.earning import OrderSnapshot
from ..common import payments_captured_and_refunded, snapshot_of
from .channels import NO_CHANNEL


def order_channel(order) -> str:
    return NO_CHANNEL


def order_snapshot(order) -> OrderSnapshot:
    captured, refunded = payments_captured_and_refunded(order)
    return snapshot_of(order, channel=NO_CHANNEL, captured=captured, refunded=refunded,
                       order_number=str(getattr(order, "number", None) or order.pk))


def recent_orders_for_user(user, channel: str, limit: int):
    """The customer's newest orders, with what their snapshots read prefetched."""
    from saleor.order.models import Order

    return list(
        Order.objects.filter(user=user).order_by("-pk")
        .prefetch_related("payments__transactions")[:limit]
    )
