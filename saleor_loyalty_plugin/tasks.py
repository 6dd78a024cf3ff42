"""Celery entry points: they take ids, call a service, and can run twice.

Idempotency comes from the ledger's unique keys, so a retried or duplicated
delivery is harmless; the plugin dispatches them on transaction commit.  A
task that fails is retried with exponential backoff (and jitter); a task
whose worker dies mid-run is redelivered (late acknowledgement), and what
still fails after the last retry is picked up by the reconciliation, which
keeps every order's intent until a sync finishes.  Inline (no broker), a
failure is logged and left to the reconciliation rather than retried in the
shopper's request.
"""
import logging

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .bonuses.services import customer_signup_bonus, pay_birthday_bonuses
from .expiry.services import expire_all_points
from .hosts import host
from .journey.services import run_journey
from .orders.reconciliation import SETTLE_TIME, reconcile_orders
from .orders.services import customer_credit_guest_orders, order_sync_points
from .program.selectors import active_program_for
from .redemption.services import release_abandoned_redemptions
from .referrals.services import reward_due_referrals
from .rewards.lifecycle import channel_program_changed
from .tiers.services import reevaluate_all_tiers, release_matured_points

logger = logging.getLogger(__name__)

MAX_RETRIES = 8
RETRY_BASE_SECONDS = 5
RETRY_MAX_SECONDS = 30 * 60
RELIABLE = {"bind": True, "acks_late": True, "reject_on_worker_lost": True,
            "max_retries": MAX_RETRIES}


def retry_countdown(retries: int) -> int:
    """5 s, 10 s, 20 s, ... up to 30 minutes."""
    return min(RETRY_BASE_SECONDS * 2 ** retries, RETRY_MAX_SECONDS)


def _retry_or_log(task, error):
    if task.request.is_eager:
        logger.warning("Loyalty task %s failed inline; the reconciliation retries it: %s",
                       task.name, error)
        return None
    raise task.retry(exc=error, countdown=retry_countdown(task.request.retries))


@shared_task(name="saleor_loyalty_plugin.tasks.sync_order_points_task", **RELIABLE)
def sync_order_points_task(self, order_id):
    try:
        with host.writer_access():
            order_sync_points(order_id=str(order_id))
    except Exception as error:
        return _retry_or_log(self, error)


@shared_task(name="saleor_loyalty_plugin.tasks.credit_guest_orders_task", **RELIABLE)
def credit_guest_orders_task(self, user_id):
    try:
        with host.writer_access():
            customer_credit_guest_orders(user_id=user_id)
            customer_signup_bonus(user_id=user_id, settings_for=active_program_for)
    except Exception as error:
        return _retry_or_log(self, error)


@shared_task(name="saleor_loyalty_plugin.tasks.reconcile_orders_task")
def reconcile_orders_task():
    """Every 5 minutes: sync again every order whose points have not converged."""
    settle = timedelta(seconds=float(getattr(settings, "LOYALTY_RECONCILE_SETTLE_SECONDS",
                                             SETTLE_TIME.total_seconds())))
    with host.writer_access():
        return reconcile_orders(now=timezone.now(), send=_send_order_sync, settle=settle)


def _send_order_sync(order_id: str) -> None:
    sync_order_points_task.delay(order_id)


@shared_task(name="saleor_loyalty_plugin.tasks.release_matured_points_task")
def release_matured_points_task():
    """Every 15 minutes: matured points become available (and count toward tiers),
    abandoned redemptions return."""
    now = timezone.now()
    with host.writer_access():
        release_abandoned_redemptions(now=now)
        return release_matured_points(now=now, settings_for=active_program_for)


@shared_task(name="saleor_loyalty_plugin.tasks.reevaluate_tiers_task")
def reevaluate_tiers_task():
    """Nightly: windows roll, grace periods end, ladders change; perks follow the tiers."""
    now = timezone.now()
    with host.writer_access():
        changed = reevaluate_all_tiers(now=now, settings_for=active_program_for)
        for channel in host.channel_slugs():
            channel_program_changed(channel=channel, settings=active_program_for(channel),
                                    now=now)
        return changed


@shared_task(name="saleor_loyalty_plugin.tasks.program_changed_task", **RELIABLE)
def program_changed_task(self, channel):
    """The merchant saved the channel's configuration: discount objects follow at once."""
    try:
        with host.writer_access():
            channel_program_changed(channel=channel, settings=active_program_for(channel))
    except Exception as error:
        return _retry_or_log(self, error)


@shared_task(name="saleor_loyalty_plugin.tasks.run_journey_task")
def run_journey_task():
    """Hourly: send the after-sale messages that are due (once each, chunked)."""
    with host.writer_access():
        return dict(run_journey(now=timezone.now(), settings_for=active_program_for).sent)


def expiry_rule_of(channel):
    settings = active_program_for(channel)
    return settings.expiry if settings is not None else None


@shared_task(name="saleor_loyalty_plugin.tasks.expire_points_task")
def expire_points_task():
    """Daily: points past the channel's expiry rule lapse (set-based, chunked, rerunnable)."""
    now = timezone.now()
    with host.writer_access():
        # what matured counts as available before it can lapse (and tiers follow it)
        release_matured_points(now=now, settings_for=active_program_for)
        return expire_all_points(now=now, rules_for=expiry_rule_of,
                                 channels=host.channel_slugs())


@shared_task(name="saleor_loyalty_plugin.tasks.birthday_bonuses_task")
def birthday_bonuses_task():
    """Daily: members whose birthday is today (or in the last days missed) get it, once a year."""
    with host.writer_access():
        return pay_birthday_bonuses(now=timezone.now(), settings_for=active_program_for,
                                    channels=host.channel_slugs())


@shared_task(name="saleor_loyalty_plugin.tasks.referral_rewards_task")
def referral_rewards_task():
    """Hourly: referrers whose friend's first paid order passed the return window are paid."""
    with host.writer_access():
        return reward_due_referrals(now=timezone.now(), settings_for=active_program_for)
