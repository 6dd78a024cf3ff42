"""A checkout in points before it becomes an order: what it earns, what points may pay.

A storefront shows "you'll earn 67 points" and "use up to 1,500 points ($15)"
while the shopper can still change the cart.  Both numbers must be the ones
the award and ``loyaltyRedeemPoints`` will produce, so they come from the
same rules (``earning.points_for_order``, the redemption caps), never from a
copy that could drift.
"""
from decimal import Decimal

from .earning import OrderSnapshot, points_for_order
from .program import ProgramSettings
from .redemption import RedemptionRules, largest_redeemable

ZERO = Decimal("0")


def points_to_earn(*, to_pay: Decimal, shipping: Decimal, currency: str,
                   settings: ProgramSettings, multiplier: Decimal = Decimal("1")) -> int:
    """Points the order will earn once the shopper pays ``to_pay``.

    ``to_pay`` is what is left after vouchers, gift cards and points (the
    order's total and the payment that will be captured); ``shipping`` is the
    shipping inside it, which earns only if the program says so.  The order is
    seen exactly as the award will see it once paid.
    """
    order = OrderSnapshot(
        order_id="", order_number="", channel="", currency=currency,
        customer_user_id=None, customer_email="", total=max(to_pay, ZERO),
        shipping=max(shipping, ZERO), captured=max(to_pay, ZERO), refunded=ZERO,
        is_fully_paid=to_pay > 0, is_fulfilled=False, is_cancelled=False,
    )
    return points_for_order(order, settings, multiplier)


def most_redeemable_points(*, available: int, rules: RedemptionRules, allowed: Decimal,
                           currency: str = "") -> int:
    """The most points ``loyaltyRedeemPoints`` accepts now (0: none).

    ``available`` counts points the shopper could spend on this checkout,
    including any already held on it (a new redemption replaces the old
    one).  The answer is a whole number of steps, at least the minimum, and
    worth no more than ``allowed`` (``redemption.allowed_amount``).
    """
    if not rules.enabled or available <= 0:
        return 0
    step = max(rules.step, 1)
    return largest_redeemable(points=available - available % step, rules=rules, allowed=allowed,
                              currency=currency)
