"""A friend registered with a customer's code: one row per friend, ever."""
from django.conf import settings
from django.db import models
from django.utils import timezone

STATUS_CLAIMED = "claimed"  # the friend got the welcome points; the referrer waits
STATUS_REWARDED = "rewarded"  # the friend's first paid order passed the return window
STATUS_REFUSED = "refused"  # found to be the referrer's own household at reward time
STATUSES = (STATUS_CLAIMED, STATUS_REWARDED, STATUS_REFUSED)


class LoyaltyReferral(models.Model):
    """The unique friend makes a second claim impossible, whatever the code or race."""

    referrer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="loyalty_referrals_made")
    friend = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="loyalty_referral")
    channel = models.CharField(max_length=255, blank=True, default="")
    code = models.CharField(max_length=32)
    status = models.CharField(max_length=16, default=STATUS_CLAIMED,
                              choices=[(s, s.title()) for s in STATUSES])
    refused_reason = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    rewarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["referrer", "created_at"],
                                name="loyalty_referral_month_idx"),
                   models.Index(fields=["status"], name="loyalty_referral_status_idx")]
        constraints = [models.CheckConstraint(check=~models.Q(referrer=models.F("friend")),
                                              name="loyalty_referral_not_self")]
