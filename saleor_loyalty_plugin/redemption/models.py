"""Points held on, spent with, or returned from one checkout."""
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..ledger.models import LoyaltyAccount


class LoyaltyRedemption(models.Model):
    """Points a customer turned into a gift card on one checkout.

    HELD while the checkout lives (the points are already out of the
    available balance), SPENT once the order is placed, RETURNED when the
    checkout is abandoned, the redemption cancelled, or the order cancelled or
    refunded (``points_returned`` counts partial returns).  Points come back
    only for gift-card value nobody spent, so a RETURNED redemption may have
    returned less than it redeemed.
    """

    STATE_HELD = "held"
    STATE_SPENT = "spent"
    STATE_RETURNED = "returned"
    STATES = (STATE_HELD, STATE_SPENT, STATE_RETURNED)

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="redemptions")
    checkout_token = models.CharField(max_length=64, db_index=True)
    gift_card_code = models.CharField(max_length=64, unique=True)
    points = models.PositiveIntegerField()
    points_returned = models.PositiveIntegerField(default=0)
    # Points given back when the order was placed because part of the gift
    # card was left over: the order spent only ``points - points_unspent``,
    # and its refunds return shares of that.
    points_unspent = models.PositiveIntegerField(default=0)
    amount = models.DecimalField(max_digits=20, decimal_places=4)
    currency = models.CharField(max_length=3)
    state = models.CharField(max_length=16, choices=[(s, s.title()) for s in STATES])
    order_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The abandoned-redemption sweep walks held redemptions by id.
            models.Index(fields=["id"], name="loyalty_redemption_held_idx",
                         condition=Q(state="held")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["checkout_token"], condition=Q(state="held"),
                name="loyalty_redemption_one_held_per_checkout",
            ),
            models.CheckConstraint(
                check=Q(points_returned__lte=models.F("points")),
                name="loyalty_redemption_returns_at_most_redeemed",
            ),
        ]
