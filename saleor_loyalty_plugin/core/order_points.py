"""Where an order stands with its points, in words a merchant and a shopper understand.

Points can be missing for good reasons (the order is not paid or confirmed
yet, the program waits for fulfilment, nothing paid earns points); saying
which one saves a support ticket.  The state comes from the order snapshot,
the program and what the ledger holds for the order.
"""
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from .earning import OrderSnapshot, points_for_order
from .program import TRIGGER_FULFILLED, ProgramSettings

PROGRAM_INACTIVE = "program_inactive"
DRAFT = "draft"
AWAITING_CONFIRMATION = "awaiting_confirmation"
AWAITING_PAYMENT = "awaiting_payment"
AWAITING_FULFILLMENT = "awaiting_fulfillment"
CANCELLED = "cancelled"
NOTHING_TO_EARN = "nothing_to_earn"
PROCESSING = "processing"
PENDING = "pending"
AVAILABLE = "available"
TAKEN_BACK = "taken_back"
STATES = (PROGRAM_INACTIVE, DRAFT, AWAITING_CONFIRMATION, AWAITING_PAYMENT, AWAITING_FULFILLMENT,
          CANCELLED, NOTHING_TO_EARN, PROCESSING, PENDING, AVAILABLE, TAKEN_BACK)


@dataclass(frozen=True)
class EarnedPoints:
    """What the ledger holds for an order: the award and what was taken back."""

    points: int
    taken_back: int
    is_pending: bool
    available_at: Optional[datetime]


@dataclass(frozen=True)
class OrderPoints:
    state: str
    points: int
    message: str
    available_at: Optional[datetime] = None


def order_points(order: OrderSnapshot, settings: Optional[ProgramSettings],
                 earned: Optional[EarnedPoints], multiplier=1) -> OrderPoints:
    """The order's points state; ``settings`` is None while the program is off."""
    if earned is not None:
        return _from_ledger(order, earned)
    if settings is None:
        return OrderPoints(PROGRAM_INACTIVE, 0, "The loyalty program is switched off in this "
                           "channel; orders placed now earn no points.")
    if order.is_cancelled:
        return OrderPoints(CANCELLED, 0, "The order was cancelled; it earns no points.")
    if order.is_awaiting_confirmation:
        return OrderPoints(AWAITING_CONFIRMATION, 0, "Waiting for staff to confirm the order: "
                           "Saleor keeps orders from unpaid checkouts unconfirmed, even once "
                           "marked as paid. Points are awarded when it is confirmed and paid.")
    if order.is_draft:
        return OrderPoints(DRAFT, 0, "A draft order earns points once it is placed and paid.")
    if not order.is_fully_paid:
        return OrderPoints(AWAITING_PAYMENT, 0, "Points are awarded once the order is fully "
                           "paid (%s of %s %s paid so far)." % (order.captured, order.total,
                                                                order.currency))
    if settings.award_trigger == TRIGGER_FULFILLED and not order.is_fulfilled:
        return OrderPoints(AWAITING_FULFILLMENT, 0, "This shop awards points once everything "
                           "in the order has been shipped.")
    expected = points_for_order(order, settings, multiplier)
    if expected <= 0:
        return OrderPoints(NOTHING_TO_EARN, 0, "Nothing paid on this order earns points "
                           "(gift cards, points and shipping earn none).")
    return OrderPoints(PROCESSING, expected, "The order is paid; its points are being added.")


def _from_ledger(order: OrderSnapshot, earned: EarnedPoints) -> OrderPoints:
    kept = earned.points - earned.taken_back
    if kept <= 0:
        why = "cancelled" if order.is_cancelled else "refunded"
        return OrderPoints(TAKEN_BACK, 0, "The order was %s; its %d points were taken back."
                           % (why, earned.points))
    note = (" (%d taken back for refunds)" % earned.taken_back) if earned.taken_back else ""
    if earned.is_pending:
        return OrderPoints(PENDING, kept, "%d points%s, pending through the return window."
                           % (kept, note), earned.available_at)
    return OrderPoints(AVAILABLE, kept, "%d points%s, available to spend." % (kept, note),
                       earned.available_at)
