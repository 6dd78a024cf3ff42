"""Reads for paid memberships: which tiers a customer holds by paying for them."""
from .models import LoyaltyMembership


def active_membership_tiers(account, now):
    if account.pk is None:
        return []
    return list(
        LoyaltyMembership.objects.filter(
            account_id=account.pk, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now
        ).values_list("tier_slug", flat=True)
    )
