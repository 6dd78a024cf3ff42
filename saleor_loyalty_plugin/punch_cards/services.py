"""Punch cards: punch them with paid orders, hand out the free unit when one is full.

Each full card becomes a personal voucher for one free unit (100% off the
card's product or category, once per order, usable once, dated).  It is
shown in ``myLoyalty.availableRewards`` and ``punchCards``; the shopper
applies it like any code, and nobody else can.  A refund voids the units it
returned (in proportion to the money, rounded down, as points are), an
undone order voids them all, and a free unit those units had earned is
retired while nobody has used it yet.
"""
from django.db import IntegrityError, transaction

from ..core import earning
from ..core import rewards as core_rewards
from ..core.punch_cards import PunchCard, progress_of
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from ..rewards.codes import new_voucher_code
from ..rewards.models import LoyaltyReward
from ..rewards.services import retire_rewards
from .models import LoyaltyPunch
from .selectors import reward_kind, rewards_issued, rewards_standing, units_punched


def units_kept(snapshot, units: int, settings) -> int:
    """Units of an order that still count once its refunds are taken off."""
    if snapshot.is_undone:
        return 0
    share = earning.refunded_share(paid=snapshot.captured, refunded=snapshot.refunded,
                                   refunded_shipping=snapshot.refunded_shipping,
                                   shipping_earns=settings.include_shipping)
    return earning.kept_whole(units, share)


def order_sync_punches(*, snapshot, settings, customer, now) -> bool:
    """Punch the cards this order fills, or void what its refunds took back; True if changed."""
    if settings is None or not settings.punch_cards:
        return False
    punches = {p.card_slug: p for p in LoyaltyPunch.objects.filter(order_id=snapshot.order_id)}
    changed = False
    for card in settings.punch_cards:
        units = card.units_in(snapshot.lines)
        punch = punches.get(card.slug)
        if punch is None:
            changed = _punch(snapshot, settings, customer, card, units, now) or changed
        elif punch.voided_at is None:
            changed = _void_refunded(punch, card, units_kept(snapshot, punch.units, settings),
                                     now) or changed
    return changed


def _punch(snapshot, settings, customer, card, units, now) -> bool:
    if units <= 0 or customer is None or not snapshot.is_placed_and_paid:
        return False
    kept = units_kept(snapshot, units, settings)
    if kept <= 0:
        return False
    account = ledger.get_or_create_account(user=customer, channel=snapshot.channel)
    try:
        with transaction.atomic():
            LoyaltyPunch.objects.create(account=account, card_slug=card.slug,
                                        order_id=snapshot.order_id, units=units,
                                        units_voided=units - kept, created_at=now)
    except IntegrityError:
        return False  # this order already punched this card (a concurrent sync)
    _settle_rewards(account, card, now)
    return True


def _void_refunded(punch, card, kept: int, now) -> bool:
    voided = punch.units - kept
    if voided <= punch.units_voided:
        return False  # units come back with nothing: refunds only grow
    punch.units_voided = voided
    if voided >= punch.units:
        punch.voided_at = now
    punch.save(update_fields=["units_voided", "voided_at"])
    _settle_rewards(punch.account, card, now)
    return True


@transaction.atomic
def _settle_rewards(account: LoyaltyAccount, card: PunchCard, now) -> None:
    """Issue the free units the card now earns, or retire unused ones it no longer does."""
    account = LoyaltyAccount.objects.select_for_update().get(pk=account.pk)
    earned = progress_of(card, units_punched(account, card)).rewards_earned
    standing = rewards_standing(account, card)
    if len(standing) > earned:
        unused = host.unused_codes([reward.voucher_code for reward in standing])
        retire_rewards([reward for reward in standing if reward.voucher_code in unused]
                       [:len(standing) - earned])
        return
    issued = rewards_issued(account, card)
    currency = host.channel_currency(account.channel)
    for number in range(issued + 1, issued + 1 + earned - len(standing)):
        reward = LoyaltyReward.objects.create(
            account=account, kind=reward_kind(card, number), voucher_code=new_voucher_code(),
            percent=100, min_spent=0, label="%s: one free" % card.name,
            valid_until=now + core_rewards.FREE_UNIT_VALIDITY,
        )
        host.issue_free_unit_voucher(code=reward.voucher_code, card=card, currency=currency,
                                     channel=account.channel, owner_email=account.email,
                                     valid_until=reward.valid_until)
