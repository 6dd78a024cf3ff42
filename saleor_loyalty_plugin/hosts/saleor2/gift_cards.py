"""Saleor 2.10 gift cards that carry redeemed points: issued to one checkout, retired under lock.

The card is the money the points became: its balance is read under a row
lock and the card retired in the same transaction, so it can never be both
spent on an order and turned back into points.  2.10 cannot restrict a card
to a customer; the plugin keeps it to the one checkout it was issued for.
"""
from decimal import Decimal
from typing import Dict


def issue_gift_card_on_checkout(*, checkout, code: str, amount, currency: str, user) -> None:
    from saleor.giftcard.models import GiftCard

    gift_card = GiftCard.objects.create(
        code=code, currency=currency, initial_balance_amount=amount,
        current_balance_amount=amount, is_active=True, user=user,
    )
    checkout.gift_cards.add(gift_card)


def withdraw_gift_card(*, code: str, checkout=None) -> Decimal:
    """Retire the card: off every checkout, inactive; returns its unspent balance.

    Call inside a transaction: the balance is read under the card's row lock.
    """
    from saleor.giftcard.models import GiftCard

    gift_card = GiftCard.objects.select_for_update().filter(code=code).first()
    if gift_card is None:
        return Decimal("0")
    gift_card.checkouts.clear()
    if gift_card.is_active:
        gift_card.is_active = False
        gift_card.save(update_fields=["is_active"])
    return gift_card.current_balance_amount


def detach_gift_card(*, code: str, checkout) -> None:
    """Take a card off one checkout only (it belongs to another of the owner's)."""
    checkout.gift_cards.remove(*checkout.gift_cards.filter(code=code))


def withdraw_gift_cards(codes) -> Dict[str, Decimal]:
    """``withdraw_gift_card`` for many cards at once: {code: unspent balance}.

    Three statements whatever the number of cards: locked in id order
    (``SELECT ... FOR UPDATE``), taken off every checkout, deactivated.  Call
    inside a transaction, after locking the checkouts and the accounts.
    Codes with no card are absent from the result (nothing unspent).
    """
    from saleor.giftcard.models import GiftCard

    locked = list(GiftCard.objects.select_for_update().filter(code__in=list(codes))
                  .order_by("pk").values_list("pk", "code", "current_balance_amount"))
    if not locked:
        return {}
    ids = [pk for pk, _, _ in locked]
    GiftCard.checkouts.through.objects.filter(giftcard_id__in=ids).delete()
    GiftCard.objects.filter(pk__in=ids, is_active=True).update(is_active=False)
    return {code: balance for _, code, balance in locked}
