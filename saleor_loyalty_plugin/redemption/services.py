"""Paying with points: hold on the checkout, spend with the order, give back when undone.

Redeemed points leave the available balance at once (so two checkouts can
never spend the same points: the account row lock serialises them) and
become a gift card assigned to the customer on their checkout, which Saleor
combines with a tier voucher.  The redemption follows the checkout and the
order: spent when the order is placed, returned when the checkout is
abandoned or the redemption cancelled, and returned in proportion when the
order is refunded (all of it when cancelled).
"""
from datetime import timedelta
from typing import Optional, Tuple

from django.db import transaction
from django.db.models import Q

from ..core import redemption as core
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from ..program.selectors import active_program_for
from ..rewards.codes import new_gift_card_code
from ..rewards.selectors import is_loyalty_code
from .models import LoyaltyRedemption

ABANDONED_AFTER = timedelta(hours=72)


def _checkout_of(user, checkout_token: str):
    checkout = host.get_checkout(checkout_token)
    if checkout is None or checkout.user_id != getattr(user, "pk", None):
        raise LoyaltyError("Checkout not found.", code=LoyaltyErrorCode.NOT_FOUND, field="checkoutId")
    return checkout


def _give_back(redemption: LoyaltyRedemption, points: int, *, reason: str, now, checkout=None):
    if points <= 0:
        return
    ledger.return_redeemed(
        account_id=redemption.account_id, points=points, reason=reason, now=now,
        order_id=redemption.order_id,
        key="redemption:%s:return:%d" % (redemption.pk, redemption.points_returned + points),
    )
    redemption.points_returned += points
    if redemption.points_returned >= redemption.points:
        redemption.state = LoyaltyRedemption.STATE_RETURNED
        host.withdraw_gift_card(code=redemption.gift_card_code, checkout=checkout)
    redemption.save(update_fields=["points_returned", "state", "updated_at"])


def _channel_of(checkout, requested: Optional[str]) -> str:
    """The checkout's own channel: its points and rate pay, whatever a client names."""
    channel = host.checkout_channel(checkout)
    if requested is not None and requested != channel:
        raise LoyaltyError("This checkout belongs to another channel.",
                           code=LoyaltyErrorCode.INVALID, field="channel")
    return channel


@transaction.atomic
def checkout_redeem_points(
    *, user, checkout_token: str, points: int, channel: Optional[str] = None, now
) -> Tuple[LoyaltyAccount, LoyaltyRedemption]:
    """Redeem ``points`` on the customer's checkout (replacing an earlier redemption).

    The points and rules are those of the checkout's channel; ``channel``, when
    given, must be that channel.
    """
    checkout = _checkout_of(user, checkout_token)
    channel = _channel_of(checkout, channel)
    settings = active_program_for(channel)
    if settings is None:
        raise LoyaltyError("The loyalty program is not active.",
                           code=LoyaltyErrorCode.INVALID, field="points")
    account = ledger.get_or_create_account(user=user, channel=channel)
    account = LoyaltyAccount.objects.select_for_update().get(pk=account.pk)
    previous = LoyaltyRedemption.objects.filter(
        checkout_token=checkout_token, state=LoyaltyRedemption.STATE_HELD
    ).first()
    if previous is not None:
        _give_back(previous, previous.points, reason="Replaced by a new redemption",
                   now=now, checkout=checkout)
        account.refresh_from_db()
    goods, voucher_discount, currency = host.checkout_amounts(checkout)
    loyalty_discount = voucher_discount if is_loyalty_code(checkout.voucher_code) else 0
    amount = core.redemption_amount(
        points=points, available=account.points_available, rules=settings.redemption,
        order_amount=goods, other_loyalty_discount=loyalty_discount,
        max_discount_percent=settings.max_discount_percent,
    )
    redemption = LoyaltyRedemption.objects.create(
        account=account, checkout_token=checkout_token, points=points, amount=amount,
        currency=currency, state=LoyaltyRedemption.STATE_HELD,
        gift_card_code=new_gift_card_code(), created_at=now,
    )
    ledger.redeem(account=account, points=points, key="redemption:%s" % redemption.pk,
                  reason="Paid %s %s with points" % (amount, currency), now=now)
    host.issue_gift_card_on_checkout(
        checkout=checkout, code=redemption.gift_card_code, amount=amount, currency=currency,
        user=user,
    )
    account.refresh_from_db()
    return account, redemption


@transaction.atomic
def checkout_cancel_redemption(*, user, checkout_token: str, now) -> Optional[LoyaltyAccount]:
    checkout = _checkout_of(user, checkout_token)
    redemption = LoyaltyRedemption.objects.select_for_update().filter(
        checkout_token=checkout_token, state=LoyaltyRedemption.STATE_HELD
    ).first()
    if redemption is None:
        raise LoyaltyError("No points are redeemed on this checkout.",
                           code=LoyaltyErrorCode.NOT_FOUND, field="checkoutId")
    _give_back(redemption, redemption.points, reason="Redemption cancelled", now=now,
               checkout=checkout)
    return LoyaltyAccount.objects.get(pk=redemption.account_id)


def order_settle_redemption(*, checkout_token: str, snapshot, now) -> bool:
    """Spend the checkout's redemption on its order; give points back when undone.

    Returns True when the ledger moved.  Orders paid without points (nearly
    all) cost one unlocked existence check.
    """
    is_spent = Q(order_id=snapshot.order_id, state=LoyaltyRedemption.STATE_SPENT)
    is_held = Q(checkout_token=checkout_token, state=LoyaltyRedemption.STATE_HELD)
    relevant = is_spent | is_held if checkout_token else is_spent
    if not LoyaltyRedemption.objects.filter(relevant).exists():
        return False
    moved = False
    with transaction.atomic():
        held = None
        if checkout_token:
            held = LoyaltyRedemption.objects.select_for_update().filter(is_held).first()
        if held is not None:
            held.state, held.order_id = LoyaltyRedemption.STATE_SPENT, snapshot.order_id
            held.save(update_fields=["state", "order_id", "updated_at"])
        for redemption in LoyaltyRedemption.objects.select_for_update().filter(is_spent):
            target = core.points_to_return(
                redeemed_points=redemption.points, paid=snapshot.captured,
                refunded=snapshot.refunded, cancelled=snapshot.is_cancelled,
            )
            delta = target - redemption.points_returned
            if delta > 0:
                reason = ("Order #%s was cancelled" if snapshot.is_cancelled
                          else "Refund on order #%s") % snapshot.order_number
                _give_back(redemption, delta, reason=reason, now=now)
                moved = True
    return moved


def release_abandoned_redemptions(*, now) -> int:
    """Return points held by checkouts that are gone or were left for 72 hours."""
    released = 0
    for redemption in LoyaltyRedemption.objects.filter(state=LoyaltyRedemption.STATE_HELD):
        checkout = host.get_checkout(redemption.checkout_token)
        if checkout is not None and redemption.created_at > now - ABANDONED_AFTER:
            continue
        with transaction.atomic():
            locked = LoyaltyRedemption.objects.select_for_update().get(pk=redemption.pk)
            if locked.state == LoyaltyRedemption.STATE_HELD:
                _give_back(locked, locked.points, reason="Checkout abandoned", now=now,
                           checkout=checkout)
                released += 1
    return released
