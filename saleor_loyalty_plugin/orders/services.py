"""Sync one order: the single entry point for every order event.

``order_sync_points`` converges everything the order drives to what its
current state deserves: points paid on its checkout (redemption), a paid
membership, punch cards, the award, refund and cancellation clawbacks, and
then the customer's tier.  It reads the order once (a host snapshot), hands
that snapshot to each feature in turn, and each feature says whether it
changed anything, so running it twice, late, or out of order changes nothing.
"""
from dataclasses import replace
from typing import Optional

from django.utils import timezone

from ..core import earning
from ..core.balances import KIND_EARN
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyTransaction
from ..memberships.services import order_sync_membership
from ..program.selectors import active_program_for
from ..punch_cards.services import order_sync_punches
from ..redemption.services import order_settle_redemption
from ..tiers.services import account_reevaluate_tier
from .points import order_award_points, order_claw_back_points


def order_sync_points(*, order_id: str, customer=None, now=None) -> None:
    """Bring the order's points (and what it bought) in line with its payment and status.

    ``customer`` credits a guest order to an account created later with the
    same e-mail; otherwise the order's own customer earns.  Whenever the
    ledger or a membership moved, the customer's tier is re-evaluated.
    """
    order = host.get_order(order_id)
    if order is None:
        return
    now = now or timezone.now()
    customer = customer or order.user
    settings = active_program_for(host.order_channel(order))
    snapshot = host.order_snapshot(order, with_lines=_reads_lines(settings))
    if customer is not None:
        snapshot = replace(snapshot, customer_user_id=customer.pk)
    order_settle_redemption(
        checkout_token=host.order_checkout_token(order), snapshot=snapshot, now=now
    )
    changed = order_sync_membership(snapshot=snapshot, settings=settings, customer=customer, now=now)
    order_sync_punches(snapshot=snapshot, settings=settings, customer=customer, now=now)
    earn_row = _earn_row_for(order_id)
    if earn_row is None and settings is not None and earning.is_award_due(snapshot, settings):
        awarded = order_award_points(snapshot, settings, customer=customer, now=now)
        changed = changed or awarded is not None
        earn_row = awarded or _earn_row_for(order_id)  # None, or the winner's if we lost a race
    if earn_row is not None:
        changed = order_claw_back_points(snapshot, earn_row, now=now) or changed
    if not changed or settings is None:
        return
    if earn_row is not None:
        account_id = earn_row.account_id
    elif customer is not None:
        account_id = ledger.get_or_create_account(user=customer, channel=snapshot.channel).pk
    else:
        return
    account_reevaluate_tier(account_id=account_id, settings=settings, now=now)


def _reads_lines(settings) -> bool:
    """Only punch cards and paid memberships look at what an order bought."""
    return settings is not None and bool(settings.punch_cards or settings.vip_membership_sku)


def _earn_row_for(order_id: str) -> Optional[LoyaltyTransaction]:
    return LoyaltyTransaction.objects.filter(order_id=str(order_id), kind=KIND_EARN).first()


def customer_credit_guest_orders(*, user_id, now=None) -> None:
    """Credit orders the customer placed as a guest before registering."""
    user = host.get_user(user_id)
    if user is None:
        return
    for order_id in host.guest_order_ids_for_email(user):
        order_sync_points(order_id=order_id, customer=user, now=now)
