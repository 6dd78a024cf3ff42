"""The journey's tables: what was sent to whom, who opted out, and survey answers.

The message log's unique key (channel, message, reference, e-mail) is what
makes "never twice" hold under concurrent runs: a run claims a row before it
sends, and a second run's insert fails.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

STATUS_SENDING = "sending"
STATUS_SENT = "sent"
STATUS_FAILED = "failed"
MESSAGE_STATUSES = (STATUS_SENDING, STATUS_SENT, STATUS_FAILED)
SCOPE_MARKETING = "marketing"
SCOPE_ALL = "all"


class LoyaltyMessage(models.Model):
    """One message to one customer; ``reference`` names what it is about (an order id, ...)."""

    channel = models.CharField(max_length=255, blank=True, default="")
    message = models.CharField(max_length=64)
    reference = models.CharField(max_length=128)
    email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    order_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    order_number = models.CharField(max_length=64, blank=True, default="")
    category = models.CharField(max_length=32)
    subject = models.CharField(max_length=998, blank=True, default="")
    status = models.CharField(max_length=16, choices=[(s, s.title()) for s in MESSAGE_STATUSES])
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    # When the last attempt claimed the row (wall clock): a "sending" row claimed long
    # ago was left by a run that died, and may be claimed again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["email", "created_at"], name="loyalty_msg_email_idx")]
        constraints = [
            models.UniqueConstraint(fields=["channel", "message", "reference", "email"],
                                    name="loyalty_message_once"),
        ]


class LoyaltyOptOut(models.Model):
    """A customer who unsubscribed: from marketing messages, or from all loyalty mail."""

    email = models.EmailField(unique=True)
    scope = models.CharField(max_length=16, choices=[(SCOPE_MARKETING, "Marketing"),
                                                     (SCOPE_ALL, "All")])
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)


class LoyaltySurveyResponse(models.Model):
    """The answers to the after-sale survey; one per order."""

    order_id = models.CharField(max_length=64, unique=True)
    order_number = models.CharField(max_length=64, blank=True, default="")
    channel = models.CharField(max_length=255, blank=True, default="")
    email = models.EmailField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    answers = models.TextField(default="{}")  # JSON (Django 3.0 on Saleor 2.10 has no JSONField)
    # The 0-10 "would you recommend us" answer, kept apart for the score (NPS).
    recommend = models.PositiveSmallIntegerField(null=True, blank=True)
    bonus_points = models.IntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["channel", "created_at"], name="loyalty_survey_chan_idx")]
