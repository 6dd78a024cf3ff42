"""Paid VIP membership: buying the membership product holds the customer at a tier.

A purchase made while a membership is still running extends it (the new
period starts when the current one ends), so renewing early loses nothing.
Cancelling the order, or refunding all of it, revokes that purchase.
"""
from django.db import IntegrityError, transaction
from django.db.models import Max

from ..core.calendar import add_months
from ..ledger import services as ledger
from .models import LoyaltyMembership


def order_sync_membership(*, snapshot, settings, customer, now) -> bool:
    """Grant or revoke the membership bought by this order; True if it changed.

    Orders that bought no membership (nearly all) cost no query.
    """
    if snapshot.is_undone:
        revoked = LoyaltyMembership.objects.filter(
            order_id=snapshot.order_id, revoked_at__isnull=True).update(revoked_at=now)
        return revoked > 0
    if (
        settings is None or not settings.vip_membership_sku or customer is None
        or not snapshot.is_placed_and_paid or settings.vip_membership_sku not in snapshot.skus
    ):
        return False
    if LoyaltyMembership.objects.filter(order_id=snapshot.order_id).exists():
        return False
    account = ledger.get_or_create_account(user=customer, channel=snapshot.channel)
    running_until = LoyaltyMembership.objects.filter(
        account=account, revoked_at__isnull=True, ends_at__gt=now
    ).aggregate(end=Max("ends_at"))["end"]
    starts_at = max(now, running_until) if running_until else now
    try:
        with transaction.atomic():
            LoyaltyMembership.objects.create(
                account=account, tier_slug=settings.vip_membership_tier,
                order_id=snapshot.order_id, order_number=snapshot.order_number,
                starts_at=starts_at,
                ends_at=add_months(starts_at, settings.vip_membership_months),
            )
    except IntegrityError:  # the same order synced concurrently
        return False
    return True
