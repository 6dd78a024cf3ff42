"""Saleor 3 gift cards that carry redeemed points: issued to one checkout, retired under lock.

The card is the money the points became, so the plugin never trusts its own
notion of "unspent": it reads the card's balance under the same row lock
Saleor takes when an order spends it (``add_gift_cards_to_order`` locks the
checkout's cards), and retires the card in that transaction, so a card can
never be both spent on an order and turned back into points.
"""
from decimal import Decimal
from typing import Dict

from ..naming import GIFT_CARD_TAG, PURPOSE_POINTS_REDEEMED, owner_metadata
from .checkout import checkout_prices_changed


def issue_gift_card_on_checkout(*, checkout, code: str, amount, currency: str, user) -> None:
    """A gift card assigned to the customer, tagged and described as redeemed points.

    ``assigned_to`` makes Saleor refuse it on anyone else's checkout; the
    plugin keeps it to this one checkout of its owner.
    """
    from saleor.giftcard.models import GiftCard, GiftCardTag

    gift_card = GiftCard.objects.create(
        code=code, currency=currency, initial_balance_amount=amount,
        current_balance_amount=amount, is_active=True, created_by=user,
        created_by_email=user.email, assigned_to=user, assigned_to_email=user.email,
        metadata=owner_metadata(PURPOSE_POINTS_REDEEMED, user.email),
    )
    tag, _ = GiftCardTag.objects.get_or_create(name=GIFT_CARD_TAG)
    gift_card.tags.add(tag)
    checkout.gift_cards.add(gift_card)
    checkout_prices_changed(checkout)


def withdraw_gift_card(*, code: str, checkout=None) -> Decimal:
    """Retire the card: off every checkout, inactive; returns its unspent balance.

    Call inside a transaction: the balance is read under the card's row lock.
    ``checkout`` (if still there) gets its prices marked stale.
    """
    from saleor.checkout.models import Checkout
    from saleor.giftcard.models import GiftCard

    gift_card = GiftCard.objects.select_for_update().filter(code=code).first()
    if gift_card is None:
        return Decimal("0")
    holders = list(Checkout.objects.filter(gift_cards=gift_card))
    if holders:
        gift_card.checkouts.remove(*holders)
        for holder in holders:
            checkout_prices_changed(holder)
    if gift_card.is_active:
        gift_card.is_active = False
        gift_card.save(update_fields=["is_active"])
    return gift_card.current_balance_amount


def detach_gift_card(*, code: str, checkout) -> None:
    """Take a card off one checkout only (it belongs to another of the owner's)."""
    removed = checkout.gift_cards.filter(code=code)
    if removed.exists():
        checkout.gift_cards.remove(*removed)
        checkout_prices_changed(checkout)


def withdraw_gift_cards(codes) -> Dict[str, Decimal]:
    """``withdraw_gift_card`` for many cards at once: {code: unspent balance}.

    Four statements whatever the number of cards: the cards locked in id
    order (``SELECT ... FOR UPDATE``, the lock Saleor takes to spend them),
    their checkouts' prices marked stale, the cards taken off every
    checkout, and deactivated.  Call inside a transaction, after locking the
    checkouts (``lock_checkouts_for_gift_cards``) and the accounts.  Codes
    with no card are absent from the result (nothing unspent).
    """
    from django.utils import timezone
    from saleor.checkout.models import Checkout
    from saleor.giftcard.models import GiftCard

    locked = list(GiftCard.objects.select_for_update().filter(code__in=list(codes))
                  .order_by("pk").values_list("pk", "code", "current_balance_amount"))
    if not locked:
        return {}
    ids = [pk for pk, _, _ in locked]
    moment = timezone.now()
    Checkout.objects.filter(gift_cards__in=ids).update(
        price_expiration=moment, discount_expiration=moment, last_change=moment)
    GiftCard.checkouts.through.objects.filter(giftcard_id__in=ids).delete()
    GiftCard.objects.filter(pk__in=ids, is_active=True).update(is_active=False)
    return {code: balance for _, code, balance in locked}
