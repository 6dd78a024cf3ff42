"""Ledger tables: an append-only transaction log and per-account cached balances.

The database, not only the code, guarantees the rules that matter for money:
one earn per order (partial unique index), one row per idempotency key, signs
that match the kind, and a pending balance that never goes negative.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..core import balances as core


class LoyaltyAccount(models.Model):
    """One customer in one channel ("" where the host has no channels).

    The ``points_*`` columns are caches of the ledger fold, written only by
    ``ledger.py`` under a row lock; ``loyalty_verify_ledger`` checks them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="loyalty_accounts",
    )
    email = models.EmailField(db_index=True)
    channel = models.CharField(max_length=255, blank=True, default="")
    points_available = models.IntegerField(default=0)
    points_pending = models.IntegerField(default=0)
    points_lifetime = models.IntegerField(default=0)
    # The tier in effect (slug from the channel's ladder; "" = none), the end of
    # a running demotion grace period, and a tier held regardless of activity
    # (staff assignment) until ``tier_floor_until`` (null = until cleared).
    tier_slug = models.CharField(max_length=64, blank=True, default="")
    tier_grace_until = models.DateTimeField(null=True, blank=True)
    tier_floor_slug = models.CharField(max_length=64, blank=True, default="")
    tier_floor_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The nightly tier pass with no ladder visits only these (ladder removed).
            models.Index(
                fields=["channel", "id"], name="loyalty_account_tiered_idx",
                condition=~Q(tier_slug="") | Q(tier_grace_until__isnull=False)
                | ~Q(tier_floor_slug="") | Q(tier_floor_until__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "channel"], name="loyalty_account_one_per_user_channel"
            ),
            models.CheckConstraint(
                check=Q(points_pending__gte=0), name="loyalty_account_pending_not_negative"
            ),
        ]

    def __str__(self):
        return "%s (%s)" % (self.email, self.channel or "default")


class LoyaltyTransaction(models.Model):
    """One immutable movement of points.

    Rows are never deleted and their points never change; the only update is
    ``status`` moving once from pending to available when the return window
    closes (together with the cached balances, in one DB transaction).
    """

    KIND_CHOICES = [(kind, kind.title()) for kind in core.KINDS]
    STATUS_CHOICES = [(status, status.title()) for status in core.STATUSES]

    account = models.ForeignKey(
        LoyaltyAccount, on_delete=models.PROTECT, related_name="transactions"
    )
    kind = models.CharField(max_length=32, choices=KIND_CHOICES)
    status = models.CharField(max_length=32, choices=STATUS_CHOICES)
    points = models.IntegerField()
    idempotency_key = models.CharField(max_length=255, unique=True)
    order_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    order_number = models.CharField(max_length=64, blank=True, default="")
    amount = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    created_by_email = models.EmailField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    available_at = models.DateTimeField(null=True, blank=True)
    # EXPIRE rows: points that became available at or before this lapsed
    # (null: the whole balance lapsed after inactivity); verify-ledger replays it.
    expiry_cutoff = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=["status", "available_at"], name="loyalty_tx_status_avail_idx"),
            models.Index(fields=["account", "created_at"], name="loyalty_tx_account_created_idx"),
            # The release walks pending rows in account order, a chunk at a time.
            models.Index(fields=["account", "available_at"], name="loyalty_tx_pending_account_idx",
                         condition=Q(status=core.STATUS_PENDING)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order_id"],
                condition=Q(kind=core.KIND_EARN),
                name="loyalty_tx_one_earn_per_order",
            ),
            models.CheckConstraint(check=~Q(points=0), name="loyalty_tx_points_not_zero"),
            models.CheckConstraint(
                check=~Q(kind=core.KIND_EARN) | Q(points__gt=0),
                name="loyalty_tx_earn_positive",
            ),
            models.CheckConstraint(
                check=~Q(kind=core.KIND_CLAWBACK) | Q(points__lt=0),
                name="loyalty_tx_clawback_negative",
            ),
            models.CheckConstraint(
                check=~Q(kind=core.KIND_REDEEM) | Q(points__lt=0),
                name="loyalty_tx_redeem_negative",
            ),
            models.CheckConstraint(
                check=~Q(kind=core.KIND_REDEEM_RETURN) | Q(points__gt=0),
                name="loyalty_tx_redeem_return_positive",
            ),
            models.CheckConstraint(
                check=~Q(kind=core.KIND_SURVEY_BONUS) | Q(points__gt=0),
                name="loyalty_tx_survey_bonus_positive",
            ),
            models.CheckConstraint(
                check=~Q(kind=core.KIND_EXPIRE) | Q(points__lt=0),
                name="loyalty_tx_expire_negative",
            ),
            models.CheckConstraint(
                check=~Q(kind__in=core.BONUS_KINDS) | Q(points__gt=0),
                name="loyalty_tx_bonus_positive",
            ),
            models.CheckConstraint(
                check=Q(status__in=core.STATUSES), name="loyalty_tx_status_known"
            ),
            models.CheckConstraint(check=Q(kind__in=core.KINDS), name="loyalty_tx_kind_known"),
        ]

    def __str__(self):
        return "%s %+d (%s)" % (self.kind, self.points, self.status)
