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


def orders_changed_between(*, start, end, chunk_size: int):
    """Chunks of ``(order id, changed at)`` for orders with events in ``[start, end)``.

    Saleor 2.10 orders have no ``updated_at``; every payment, refund,
    fulfilment and status change writes an ``OrderEvent``, so the newest
    event is the order's last change.  Scanned in time slices of at most
    ``chunk_size`` events each, oldest first.
    """
    from datetime import timedelta

    from django.db.models import Max
    from saleor.order.models import OrderEvent

    after = start
    while after < end:
        dates = list(OrderEvent.objects.filter(date__gte=after, date__lt=end)
                     .order_by("date").values_list("date", flat=True)[chunk_size:chunk_size + 1])
        until = dates[0] if dates else end
        if until <= after:  # more than chunk_size events at one instant: take them all
            until = after + timedelta(microseconds=1)
        chunk = list(OrderEvent.objects.filter(date__gte=after, date__lt=until)
                     .values("order_id").annotate(changed_at=Max("date"))
                     .values_list("order_id", "changed_at"))
        if chunk:
            yield [(str(order_id), changed_at) for order_id, changed_at in chunk]
        after = until


def journey_order_ids(*, channel: str, moment: str, start, end, chunk_size: int):
    """Chunks of ids of placed orders created (or first fulfilled) in [start, end]."""
    from saleor.order.models import Order

    from ..common import journey_order_id_chunks

    return journey_order_id_chunks(Order.objects.all(), moment=moment, start=start, end=end,
                                   chunk_size=chunk_size, created="created")


def order_journey_moments(order):
    """(placed at, first fulfilled at or None)."""
    from django.db.models import Min

    first = order.fulfillments.aggregate(first=Min("created"))["first"]
    return order.created, first
