"""A redemption follows its checkout: re-checked at every change and at completion.

Points become a gift card on one checkout, worth at most what the merchant's
caps allow on that checkout's goods.  The checkout keeps changing after the
shopper redeems (lines, vouchers), so after every change:

- a points card belongs on the one checkout it was issued for; found on any
  other checkout (its owner typed the code there) it is taken off;
- a card the shopper took off gives its points back;
- when the goods shrank below what the card pays (points would pay shipping
  or more than the cap), the redemption is cut to what still fits, or
  returned if not even the minimum fits.

``checkout_redemption_problem`` is the backstop at completion.
"""
from typing import Optional

from django.db import transaction
from django.db.models import Q

from ..core import redemption as core
from ..hosts import host
from ..ledger.models import LoyaltyAccount
from .models import LoyaltyRedemption
from .services import (
    allowed_on_checkout,
    hold_points_on_checkout,
    lock_redemption_checkouts,
    return_unspent,
)

NOT_THIS_CHECKOUT = "These points were redeemed on another checkout; they pay only there."
OVER_THE_CAP = "The points on this checkout now pay more than this order allows; redeem again."


def _relevant(checkout, codes):
    """Held redemption of this checkout, and any redemption whose card is on it."""
    return LoyaltyRedemption.objects.filter(
        Q(checkout_token=str(checkout.token), state=LoyaltyRedemption.STATE_HELD)
        | Q(gift_card_code__in=codes)
    )


def _is_own(redemption, checkout) -> bool:
    return (redemption.state == LoyaltyRedemption.STATE_HELD
            and redemption.checkout_token == str(checkout.token))


def checkout_follow_redemption(*, checkout, settings, now) -> bool:
    """Bring the checkout's points in line with the checkout; True if anything moved."""
    codes = host.checkout_gift_card_codes(checkout)
    redemptions = list(_relevant(checkout, codes))
    if not redemptions:
        return False
    moved = False
    for foreign in (r for r in redemptions if not _is_own(r, checkout)):
        host.detach_gift_card(code=foreign.gift_card_code, checkout=checkout)
        moved = True
    own = next((r for r in redemptions if _is_own(r, checkout)), None)
    if own is not None:
        moved = _follow_own(own.pk, checkout=checkout, codes=codes, settings=settings,
                            now=now) or moved
    return moved


@transaction.atomic
def _follow_own(pk: int, *, checkout, codes, settings, now) -> bool:
    """In the lock order of ``redemption.services``: checkouts, redemption, account, card."""
    locked = lock_redemption_checkouts(str(checkout.token), LoyaltyRedemption.objects.get(pk=pk))
    redemption = LoyaltyRedemption.objects.select_for_update().get(pk=pk)
    if locked is None or redemption.state != LoyaltyRedemption.STATE_HELD:
        return False
    checkout = locked
    if redemption.gift_card_code not in codes:
        return_unspent(redemption, reason="Taken off the checkout", now=now, checkout=checkout)
        return True
    if settings is None or not settings.redemption.enabled:
        return False
    allowed, currency = allowed_on_checkout(checkout, settings)
    if redemption.amount <= allowed:
        return False
    keep = core.largest_redeemable(points=redemption.points, rules=settings.redemption,
                                   allowed=allowed, currency=currency)
    return_unspent(redemption, now=now, checkout=checkout,
                    reason="The checkout changed: points may now pay at most %s %s"
                    % (allowed, currency))
    if keep > 0:
        account = LoyaltyAccount.objects.select_for_update().get(pk=redemption.account_id)
        hold_points_on_checkout(account=account, checkout=checkout, points=keep,
              amount=core.value_of(keep, settings.redemption, currency), currency=currency,
              user=checkout.user, now=now)
    return True


def checkout_redemption_problem(*, checkout, settings) -> Optional[str]:
    """Why this checkout may not be completed with the points on it, or None."""
    codes = host.checkout_gift_card_codes(checkout)
    if not codes:
        return None
    for redemption in _relevant(checkout, codes):
        if not _is_own(redemption, checkout):
            return NOT_THIS_CHECKOUT
        if settings is not None and redemption.gift_card_code in codes:
            allowed, _ = allowed_on_checkout(checkout, settings)
            if redemption.amount > allowed:
                return OVER_THE_CAP
    return None
