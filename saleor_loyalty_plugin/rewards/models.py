"""Which Saleor voucher belongs to which member and reward kind."""
from django.db import models
from django.utils import timezone

from ..ledger.models import LoyaltyAccount


class LoyaltyReward(models.Model):
    """A member's own Saleor voucher for one reward kind (tier discount, ...).

    The voucher lives in Saleor (so the dashboard shows it on the order and
    Saleor's price recalculation keeps it); this row says whose it is, which
    is how a member's code is refused on anyone else's checkout.
    """

    account = models.ForeignKey(LoyaltyAccount, on_delete=models.PROTECT, related_name="rewards")
    # "punch_card:<slug>:<n>" with a slug of up to 64 characters must fit.
    kind = models.CharField(max_length=128)
    voucher_code = models.CharField(max_length=64, unique=True)
    percent = models.DecimalField(max_digits=6, decimal_places=2)
    min_spent = models.DecimalField(max_digits=20, decimal_places=4, default=0)
    label = models.CharField(max_length=255, blank=True, default="")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "kind"], name="loyalty_reward_one_per_kind"),
        ]

    def __str__(self):
        return "%s %s (%s)" % (self.kind, self.voucher_code, "active" if self.is_active else "retired")
