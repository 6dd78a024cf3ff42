"""Turning points into money off a checkout: the merchant's rate, minimum, step and cap.

Redeemed points become a gift card on the shopper's checkout (so they combine
with a tier voucher, and the redeemed part is never "money paid" that earns
points).  How much may be redeemed is decided here, from plain numbers.
"""
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .errors import LoyaltyError, LoyaltyErrorCode
from .money import round_money

HUNDRED = Decimal("100")


@dataclass(frozen=True)
class RedemptionRules:
    points_per_currency_unit: Decimal  # 0 = redemption off
    min_points: int = 0
    step: int = 1
    max_order_percent: Decimal = HUNDRED

    @property
    def enabled(self) -> bool:
        return self.points_per_currency_unit > 0


def value_of(points: int, rules: RedemptionRules, currency: str = "") -> Decimal:
    """What ``points`` are worth, rounded down to the currency's smallest unit."""
    return round_money(Decimal(points) / rules.points_per_currency_unit, currency)


def max_points_for(amount: Decimal, rules: RedemptionRules) -> int:
    points = int((amount * rules.points_per_currency_unit).to_integral_value(rounding=ROUND_FLOOR))
    return points - points % max(rules.step, 1)


def _refuse(message, code=LoyaltyErrorCode.INVALID):
    return LoyaltyError(message, code=code, field="points")


def allowed_amount(*, rules: RedemptionRules, order_amount: Decimal,
                   other_loyalty_discount: Decimal, max_discount_percent: Decimal,
                   currency: str = "") -> Decimal:
    """The most money points may pay on goods worth ``order_amount`` (after discounts).

    The base is the goods after every discount and before gift cards, never
    shipping, the same on every host; both of the merchant's caps apply.
    """
    allowed = min(
        order_amount * rules.max_order_percent / HUNDRED,
        order_amount * max_discount_percent / HUNDRED - other_loyalty_discount,
        order_amount,
    )
    return round_money(max(allowed, Decimal("0")), currency)


def redemption_amount(*, points: int, available: int, rules: RedemptionRules,
                      allowed: Decimal, currency: str = "") -> Decimal:
    """Money off for ``points``, or a LoyaltyError saying what is allowed.

    ``allowed`` is what points may pay on this order (``allowed_amount``).
    """
    if not rules.enabled:
        raise _refuse("This shop does not let customers pay with points.")
    if points <= 0:
        raise _refuse("Redeem a positive number of points.")
    if points < rules.min_points:
        raise _refuse("Redeem at least %d points." % rules.min_points)
    if rules.step > 1 and points % rules.step:
        raise _refuse("Redeem points in steps of %d." % rules.step)
    if points > available:
        raise _refuse("You have %d points available." % available,
                      code=LoyaltyErrorCode.INSUFFICIENT_POINTS)
    amount = value_of(points, rules, currency)
    worth = max_points_for(amount, rules)
    if 0 < amount <= allowed and worth < points:
        # the currency has no unit that small: the extra points would buy nothing
        raise _refuse("%d points are worth %s; use %d points." % (points, amount, worth))
    if amount > allowed:
        raise _refuse(
            "At most %d points can be used on this order (worth %s)."
            % (max_points_for(allowed, rules), allowed)
        )
    if amount <= 0:
        raise _refuse("That many points are worth nothing yet; redeem more.")
    return amount


def points_to_return(*, redeemed_points: int, paid: Decimal, refunded: Decimal, cancelled: bool) -> int:
    """Points that go back to the customer after a cancellation or refund.

    A cancellation returns everything; a refund returns the refunded share of
    the order (rounded down, like earned points).
    """
    if cancelled:
        return redeemed_points
    if refunded <= 0 or paid <= 0:
        return 0
    if refunded >= paid:
        return redeemed_points
    return int((Decimal(redeemed_points) * refunded / paid).to_integral_value(rounding=ROUND_FLOOR))


def points_for_unspent(*, redeemed_points: int, amount: Decimal, unspent: Decimal) -> int:
    """Points worth the part of a redemption's gift card nobody spent (rounded down).

    Points come back only for value actually unspent: a card that paid for
    an order, wherever, returns nothing for what it paid.
    """
    if amount <= 0 or unspent <= 0:
        return 0
    if unspent >= amount:
        return redeemed_points
    return int((Decimal(redeemed_points) * unspent / amount).to_integral_value(rounding=ROUND_FLOOR))


def largest_redeemable(*, points: int, rules: RedemptionRules, allowed: Decimal,
                       currency: str = "") -> int:
    """The most points, at most ``points``, a redemption may keep once ``allowed`` shrank.

    0 when not even the minimum fits: the redemption must then go entirely.
    """
    keep = min(points, max_points_for(max(allowed, Decimal("0")), rules))
    while keep > 0 and value_of(keep, rules, currency) > allowed:
        keep -= max(rules.step, 1)
    return keep if keep >= max(rules.min_points, 1) and value_of(keep, rules, currency) > 0 else 0
