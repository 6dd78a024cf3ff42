"""The one place that reads Saleor's order fields.

It turns a host order into a core ``OrderSnapshot`` (plain values), so the
earning rules never touch Saleor models and each generation's money model
(payments on 2.10; payments and transactions on 3) is read in one spot.
"""
from decimal import Decimal

from . import compat
from .core.earning import OrderSnapshot

ZERO = Decimal("0")
STATUS_FULFILLED = "fulfilled"
STATUS_CANCELED = "canceled"
STATUSES_NOT_PLACED = ("draft", "unconfirmed")


def _payments_captured_and_refunded(order):
    """Money captured by payments (before refunds) and refunded, per payment records."""
    from saleor.payment import ChargeStatus, TransactionKind

    captured_net = ZERO
    refunded = ZERO
    for payment in order.payments.all():
        if payment.charge_status == ChargeStatus.NOT_CHARGED:
            continue
        captured_net += payment.captured_amount or ZERO
        for transaction in payment.transactions.all():
            if transaction.is_success and transaction.kind == TransactionKind.REFUND:
                refunded += transaction.amount
    return captured_net + refunded, refunded


def _transactions_captured_and_refunded(order):
    """Saleor 3's transaction items keep charged and refunded amounts apart."""
    captured = ZERO
    refunded = ZERO
    for item in order.payment_transactions.all():
        captured += item.charged_value + item.refunded_value
        refunded += item.refunded_value
    return captured, refunded


def money_paid(order):
    captured, refunded = _payments_captured_and_refunded(order)
    if compat.HAS_CHANNELS:
        more_captured, more_refunded = _transactions_captured_and_refunded(order)
        captured += more_captured
        refunded += more_refunded
    return captured, refunded


def order_snapshot(order) -> OrderSnapshot:
    captured, refunded = money_paid(order)
    total = order.total_gross_amount
    return OrderSnapshot(
        order_id=str(order.pk),
        order_number=str(getattr(order, "number", None) or order.pk),
        channel=compat.order_channel(order),
        currency=order.currency,
        customer_user_id=order.user_id,
        customer_email=order.get_customer_email() or "",
        total=total,
        shipping=order.shipping_price_gross_amount,
        captured=captured,
        refunded=refunded,
        is_fully_paid=captured > 0 and captured >= total,
        is_fulfilled=order.status == STATUS_FULFILLED,
        is_cancelled=order.status == STATUS_CANCELED,
        is_draft=order.status in STATUSES_NOT_PLACED,
        lines=tuple(
            (sku or "", category or "", quantity)
            for sku, category, quantity in order.lines.values_list(
                "product_sku", "variant__product__category__slug", "quantity"
            )
        ),
    )
