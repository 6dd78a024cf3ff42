"""Paid VIP memberships: one row per order that bought one."""
from django.db import models
from django.utils import timezone

from ..ledger.models import LoyaltyAccount


class LoyaltyMembership(models.Model):
    """A paid VIP membership: an order that bought the membership product.

    While active (starts_at <= now < ends_at, not revoked) it holds the
    customer at its tier; a cancelled or fully refunded order revokes it.
    """

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="memberships")
    tier_slug = models.CharField(max_length=64)
    order_id = models.CharField(max_length=64, unique=True)
    order_number = models.CharField(max_length=64, blank=True, default="")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-ends_at",)
