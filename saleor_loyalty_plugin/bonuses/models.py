"""What a customer tells the program about themselves, once: birth date, referral code."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class LoyaltyProfile(models.Model):
    """One per customer, across channels.

    The birth date is written once (``loyaltySetBirthDate``) and never
    changed through the API, so a birthday bonus cannot be farmed by moving
    it; the referral code is the customer's own, created on first read.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="loyalty_profile")
    birth_date = models.DateField(null=True, blank=True)
    birth_date_set_at = models.DateTimeField(null=True, blank=True)
    referral_code = models.CharField(max_length=32, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self):
        return "profile of user %s" % self.user_id
