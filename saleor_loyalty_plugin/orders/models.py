"""Where each order's loyalty sync stands: the outbox and the convergence record.

Saleor 3 calls order hooks after its transaction commits, so no row of ours can
share that transaction.  Instead the intent is written the moment a hook fires
(before the task is handed to the broker), and a periodic reconciliation
re-dispatches every intent not yet synced plus every recently changed order
whose last sync started before its last change.  A crash between Saleor's
commit and the hook, a broker that is down, or a task that failed for good
therefore delay points, never lose them.
"""
from django.db import models


class LoyaltyOrderSync(models.Model):
    order_id = models.CharField(max_length=64, unique=True)
    # Last time a hook (or the reconciliation) asked for a sync.
    requested_at = models.DateTimeField()
    # Start of the last sync that finished: it saw every change made before it.
    synced_at = models.DateTimeField(null=True, blank=True)
    # Consecutive failed attempts and the last failure, for operators.
    failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["requested_at"], name="loyalty_sync_requested_idx")]

    def __str__(self):
        state = "synced" if self.synced_at and self.synced_at >= self.requested_at else "pending"
        return "order %s (%s)" % (self.order_id, state)


class LoyaltyJobCursor(models.Model):
    """How far a periodic scan got (e.g. the reconciliation's last order change seen)."""

    name = models.CharField(max_length=64, unique=True)
    position = models.DateTimeField()

    def __str__(self):
        return "%s at %s" % (self.name, self.position.isoformat())
