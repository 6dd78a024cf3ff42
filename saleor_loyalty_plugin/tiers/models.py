"""Tier history: every change of a customer's tier is kept."""
from django.db import models
from django.utils import timezone

from ..ledger.models import LoyaltyAccount


class LoyaltyTierChange(models.Model):
    """History of a customer's tier: when, from, to, and why (never edited)."""

    account = models.ForeignKey(
        LoyaltyAccount, on_delete=models.PROTECT, related_name="tier_changes"
    )
    from_slug = models.CharField(max_length=64, blank=True, default="")
    to_slug = models.CharField(max_length=64, blank=True, default="")
    reason = models.TextField()
    created_by_email = models.EmailField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return "%s -> %s (%s)" % (self.from_slug or "none", self.to_slug or "none", self.reason)
