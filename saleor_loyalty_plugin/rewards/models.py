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
    # The end date given to the Saleor voucher: every reward code is dated, and
    # renewed while the member stays entitled, so a code nobody retires (the
    # plugin switched off, a missed demotion) still stops working by itself.
    valid_until = models.DateTimeField(null=True, blank=True)
    # Switched off with the program in its channel (kept apart from retired
    # rewards so an earned free unit comes back when the program does).
    suspended = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "kind"], name="loyalty_reward_one_per_kind"),
        ]

    def __str__(self):
        return "%s %s (%s)" % (self.kind, self.voucher_code, "active" if self.is_active else "retired")


class LoyaltyStoreDiscount(models.Model):
    """The one Saleor discount object per channel for the store-wide threshold discount.

    Everyone gets it, so it is one object whatever the number of customers:
    an order promotion on Saleor 3 (Saleor applies it by itself when no
    voucher is on the checkout) or one shared voucher on Saleor 2.10.
    ``reference`` is that object's id or code.
    """

    channel = models.CharField(max_length=255, unique=True)
    reference = models.CharField(max_length=64, blank=True, default="")
    percent = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    min_spent = models.DecimalField(max_digits=20, decimal_places=4, default=0)
    label = models.CharField(max_length=255, blank=True, default="")
    is_active = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return "%s: %s (%s)" % (self.channel, self.label, "on" if self.is_active else "off")
