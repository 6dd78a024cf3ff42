"""Punch cards: punch them with paid orders, hand out the free unit when one is full.

Each full card becomes a personal voucher for one free unit (100% off the
card's product or category, once per order, usable once).  It is shown in
``myLoyalty.availableRewards`` and ``punchCards``; the shopper applies it like
any code, and nobody else can.  An undone order takes its punches back; a
free unit already issued stays issued.
"""
from django.db import IntegrityError, transaction

from ..core.punch_cards import PunchCard, progress_of
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from ..rewards.codes import new_voucher_code
from ..rewards.models import LoyaltyReward
from .models import LoyaltyPunch
from .selectors import reward_kind, rewards_issued, units_punched


def order_sync_punches(*, snapshot, settings, customer, now) -> None:
    if settings is None or not settings.punch_cards:
        return
    if snapshot.is_undone:
        LoyaltyPunch.objects.filter(order_id=snapshot.order_id, voided_at__isnull=True).update(voided_at=now)
        return
    if customer is None or not snapshot.is_fully_paid:
        return
    account = ledger.get_or_create_account(user=customer, channel=snapshot.channel)
    for card in settings.punch_cards:
        units = card.units_in(snapshot.lines)
        if units <= 0:
            continue
        try:
            with transaction.atomic():
                LoyaltyPunch.objects.create(account=account, card_slug=card.slug,
                                            order_id=snapshot.order_id, units=units, created_at=now)
        except IntegrityError:
            continue  # this order already punched this card
        _issue_due_rewards(account, card)


@transaction.atomic
def _issue_due_rewards(account: LoyaltyAccount, card: PunchCard) -> None:
    account = LoyaltyAccount.objects.select_for_update().get(pk=account.pk)
    earned = progress_of(card, units_punched(account, card)).rewards_earned
    issued = rewards_issued(account, card)
    currency = host.channel_currency(account.channel)
    for number in range(issued + 1, earned + 1):
        reward = LoyaltyReward.objects.create(
            account=account, kind=reward_kind(card, number), voucher_code=new_voucher_code(),
            percent=100, min_spent=0, label="%s: one free" % card.name,
        )
        host.issue_free_unit_voucher(code=reward.voucher_code, card=card, currency=currency,
                                     channel=account.channel, owner_email=account.email)
