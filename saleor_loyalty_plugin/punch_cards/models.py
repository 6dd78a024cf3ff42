"""Punches: units one paid order added to one punch card."""
from django.db import models
from django.utils import timezone

from ..ledger.models import LoyaltyAccount


class LoyaltyPunch(models.Model):
    """Units one paid order added to one punch card.

    Refunds void units (``units_voided`` only grows); an undone order voids
    them all (``voided_at``).  Progress counts ``units - units_voided``.
    """

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="punches")
    card_slug = models.CharField(max_length=64)
    order_id = models.CharField(max_length=64)
    units = models.PositiveIntegerField()
    units_voided = models.PositiveIntegerField(default=0)
    voided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card_slug", "order_id"], name="loyalty_punch_once_per_order"),
        ]
