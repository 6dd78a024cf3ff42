"""Saleor 3 orders as core snapshots.

Money arrives two ways in Saleor 3: the legacy payments API (payment records,
like 2.10) and payment apps' transaction items, which keep charged and
refunded amounts apart.  Both count; gift cards and vouchers are neither.
"""
from django.db.models import Q

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


def refunded_shipping(order):
    """What refunds Saleor recorded as covering shipping returned.

    Refund fulfilments (``orderFulfillmentRefundProducts`` with shipping
    costs) store the shipping part; granted refunds (``orderGrantRefundCreate``
    with ``grantRefundForShipping``) include the order's shipping price once
    they are fully refunded.
    """
    from django.db.models import Sum
    from saleor.order import FulfillmentStatus, OrderGrantedRefundStatus

    in_fulfillments = order.fulfillments.filter(
        status__in=[FulfillmentStatus.REFUNDED, FulfillmentStatus.REFUNDED_AND_RETURNED]
    ).aggregate(total=Sum("shipping_refund_amount"))["total"] or ZERO
    granted = order.granted_refunds.filter(
        shipping_costs_included=True, status=OrderGrantedRefundStatus.SUCCESS
    ).values_list("amount_value", flat=True)
    shipping = order.shipping_price_gross_amount
    return in_fulfillments + sum((min(amount, shipping) for amount in granted), ZERO)


def order_snapshot(order, with_lines: bool = True) -> OrderSnapshot:
    captured, refunded = payments_captured_and_refunded(order)
    more_captured, more_refunded = transactions_captured_and_refunded(order)
    refunded += more_refunded
    return snapshot_of(order, channel=order_channel(order), order_number=str(order.number),
                       captured=captured + more_captured, refunded=refunded,
                       with_lines=with_lines,
                       refunded_shipping=refunded_shipping(order) if refunded > 0 else ZERO)


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


def orders_changed_between(*, start, end, chunk_size: int):
    """Chunks of ``(order id, changed at)`` for orders Saleor saved in ``[start, end)``.

    Keyset pagination on Saleor's indexed ``updated_at``: constant memory and
    one indexed range read per chunk, however many orders a shop has.
    """
    from saleor.order.models import Order

    rows = Order.objects.filter(updated_at__gte=start, updated_at__lt=end)
    after = None  # (updated_at, pk) of the last order yielded
    while True:
        page = rows
        if after is not None:
            changed_at, pk = after
            page = page.filter(Q(updated_at__gt=changed_at) | Q(updated_at=changed_at, pk__gt=pk))
        chunk = list(page.order_by("updated_at", "pk").values_list("pk", "updated_at")[:chunk_size])
        if not chunk:
            return
        last_pk, last_changed_at = chunk[-1]
        after = (last_changed_at, last_pk)
        yield [(str(pk), changed_at) for pk, changed_at in chunk]


def journey_order_ids(*, channel: str, moment: str, start, end, chunk_size: int):
    """Chunks of ids of the channel's placed orders created (or first fulfilled) in [start, end]."""
    from saleor.order.models import Order

    from ..common import journey_order_id_chunks

    orders = Order.objects.filter(channel__slug=channel)
    return journey_order_id_chunks(orders, moment=moment, start=start, end=end,
                                   chunk_size=chunk_size, created="created_at")


def order_journey_moments(order):
    """(placed at, first fulfilled at or None)."""
    from django.db.models import Min

    first = order.fulfillments.aggregate(first=Min("created_at"))["first"]
    return order.created_at, first
