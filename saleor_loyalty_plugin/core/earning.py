"""How many points an order earns, and how many a refund takes back.

Points are earned only on money the customer actually paid: captured payments,
not the part covered by vouchers (already out of the total) or gift cards (not
a payment), and not on shipping unless the merchant says so.  Refunds take
points back in proportion to the money returned, at the rate that awarded
them, so changing the program rate later never changes an old order's maths.
"""
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Optional, Tuple

from .program import ROUNDING_DOWN, ROUNDING_NEAREST, TRIGGER_FULFILLED, ProgramSettings

_ROUNDING = {
    ROUNDING_DOWN: ROUND_FLOOR,
    ROUNDING_NEAREST: ROUND_HALF_UP,
}
ZERO = Decimal("0")


@dataclass(frozen=True)
class OrderSnapshot:
    """What the rules need to know about an order, read once from the host."""

    order_id: str
    order_number: str
    channel: str
    currency: str
    customer_user_id: Optional[int]
    customer_email: str
    total: Decimal
    shipping: Decimal
    captured: Decimal
    refunded: Decimal
    is_fully_paid: bool
    is_fulfilled: bool
    is_cancelled: bool
    is_draft: bool = False
    # Saleor 3 keeps an order from an unpaid checkout UNCONFIRMED (even once
    # marked as paid) until staff confirm it; such an order is also a draft here.
    is_awaiting_confirmation: bool = False
    # (sku, category slug, quantity) of each line, for memberships and punch cards
    lines: Tuple[Tuple[str, str, int], ...] = ()
    # The part of ``refunded`` the host knows went to shipping (Saleor 3 refunds
    # that say so); 0 where refunds carry only an amount.
    refunded_shipping: Decimal = ZERO

    @property
    def is_undone(self) -> bool:
        """Cancelled, or every captured unit of money refunded."""
        return self.is_cancelled or (self.captured > 0 and self.refunded >= self.captured)

    @property
    def is_placed_and_paid(self) -> bool:
        """A real order (not a draft, awaiting confirmation or cancelled) with nothing left to pay.

        What grants what an order bought (a membership, punches); an order
        that gift cards or points paid entirely counts, with nothing captured.
        """
        return self.is_fully_paid and not self.is_draft and not self.is_cancelled

    @property
    def skus(self) -> Tuple[str, ...]:
        return tuple(sku for sku, _, _ in self.lines if sku)


def round_points(value: Decimal, rounding: str) -> int:
    mode = _ROUNDING.get(rounding, ROUND_CEILING)
    return int(value.quantize(Decimal("1"), rounding=mode))


def earning_base(order: OrderSnapshot, settings: ProgramSettings) -> Decimal:
    """Money that earns points: what was captured, less shipping's share.

    When a gift card paid part of the order, shipping is assumed to be paid in
    the same proportion as everything else, so neither side is favoured.
    """
    paid = max(order.captured, ZERO)
    if settings.include_shipping:
        return paid
    if order.total <= 0:
        return ZERO
    shipping = min(max(order.shipping, ZERO), order.total)
    return paid * (order.total - shipping) / order.total


def points_for_order(
    order: OrderSnapshot, settings: ProgramSettings, multiplier: Decimal = Decimal("1")
) -> int:
    """Points for the order; ``multiplier`` is the customer's tier bonus."""
    base = earning_base(order, settings)
    raw = base * settings.points_per_currency_unit * multiplier
    return max(round_points(raw, settings.rounding), 0)


def is_award_due(order: OrderSnapshot, settings: ProgramSettings) -> bool:
    """An order earns once it is fully paid (and fulfilled, if so configured)."""
    if not order.is_placed_and_paid:
        return False
    if order.customer_user_id is None:
        return False
    if settings.award_trigger == TRIGGER_FULFILLED and not order.is_fulfilled:
        return False
    return True


def refunded_share(*, paid: Decimal, refunded: Decimal, refunded_shipping: Decimal = ZERO,
                   shipping_earns: bool = False) -> Decimal:
    """The share (0 to 1) of what earned that refunds have returned.

    A refund known to be for shipping returns nothing that earned when
    shipping earns nothing; the rest of the refunds is shared out over what
    is left of the payment (goods and any shipping not refunded yet), so
    refunding shipping and then every item still returns everything.
    """
    if refunded <= 0:
        return ZERO
    if not shipping_earns:
        known_shipping = min(max(refunded_shipping, ZERO), refunded)
        refunded, paid = refunded - known_shipping, paid - known_shipping
        if refunded <= 0:
            return ZERO
    if paid <= 0 or refunded >= paid:
        return Decimal("1")
    return refunded / paid


def clawback_target(
    *, awarded_points: int, paid_at_award: Decimal, refunded_total: Decimal,
    refunded_shipping: Decimal = ZERO, shipping_earns: bool = False,
) -> int:
    """Total points that should have been taken back after ``refunded_total``.

    The points the customer keeps are rounded down, so a partial refund never
    leaves more points than the money kept would have earned; a full refund
    takes everything back (see ``refunded_share`` for shipping refunds).
    """
    if awarded_points <= 0:
        return 0
    share = refunded_share(paid=paid_at_award, refunded=refunded_total,
                           refunded_shipping=refunded_shipping, shipping_earns=shipping_earns)
    return awarded_points - kept_whole(awarded_points, share)


def kept_whole(count: int, refunded: Decimal) -> int:
    """Of ``count`` points or units, how many a ``refunded`` share leaves (rounded down)."""
    if refunded <= 0:
        return count
    return int((count * (1 - refunded)).quantize(Decimal("1"), rounding=ROUND_FLOOR))
