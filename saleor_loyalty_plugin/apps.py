import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)
RELEASE_SCHEDULE_NAME = "saleor-loyalty-plugin-release-matured-points"
RELEASE_TASK_NAME = "saleor_loyalty_plugin.tasks.release_matured_points_task"
RELEASE_INTERVAL_SECONDS = 15 * 60
TIERS_SCHEDULE_NAME = "saleor-loyalty-plugin-reevaluate-tiers"
TIERS_TASK_NAME = "saleor_loyalty_plugin.tasks.reevaluate_tiers_task"
TIERS_INTERVAL_SECONDS = 24 * 60 * 60
RECONCILE_SCHEDULE_NAME = "saleor-loyalty-plugin-reconcile-orders"
RECONCILE_TASK_NAME = "saleor_loyalty_plugin.tasks.reconcile_orders_task"
JOURNEY_SCHEDULE_NAME = "saleor-loyalty-plugin-run-journey"
JOURNEY_TASK_NAME = "saleor_loyalty_plugin.tasks.run_journey_task"
JOURNEY_INTERVAL_SECONDS = 60 * 60
# LOYALTY_RECONCILE_SECONDS shortens it (tests that stop the broker or kill the server).
RECONCILE_INTERVAL_SECONDS = 5 * 60
EXPIRY_SCHEDULE_NAME = "saleor-loyalty-plugin-expire-points"
EXPIRY_TASK_NAME = "saleor_loyalty_plugin.tasks.expire_points_task"
BIRTHDAY_SCHEDULE_NAME = "saleor-loyalty-plugin-birthday-bonuses"
BIRTHDAY_TASK_NAME = "saleor_loyalty_plugin.tasks.birthday_bonuses_task"
REFERRAL_SCHEDULE_NAME = "saleor-loyalty-plugin-referral-rewards"
REFERRAL_TASK_NAME = "saleor_loyalty_plugin.tasks.referral_rewards_task"
DAILY_SECONDS = 24 * 60 * 60
HOURLY_SECONDS = 60 * 60


class LoyaltyConfig(AppConfig):
    name = "saleor_loyalty_plugin"
    label = "saleor_loyalty_plugin"
    verbose_name = "Loyalty"
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from .hosts import host
        from .journey import health  # noqa: F401  (registers the journey's insight figures)
        from .orders.dispatch import connect_request_signals

        register_beat_schedule()
        connect_request_signals()
        host.connect_account_confirmed(credit_guest_orders_later)


def credit_guest_orders_later(user_id) -> None:
    """A newly confirmed customer: their signup bonus and their paid guest orders.

    Runs in the transaction that confirms the account, so nothing owed
    hangs on a dispatch after the commit: the signup bonus is written there,
    and so are the guest orders' sync intents, which the reconciliation sends
    again like any stuck order sync if the task below is lost (broker down,
    process killed).  Whichever sync runs credits the order's confirmed owner
    (``host.confirmed_owner_of_guest_order``).  A failure here is logged and
    never fails the registration or confirmation; the task repeats both
    (idempotently) after the commit.
    """
    from django.db import transaction
    from django.utils import timezone

    from .bonuses.services import customer_signup_bonus
    from .hosts import host
    from .orders.sync_state import record_sync_intent
    from .program.selectors import active_program_for
    from .tasks import credit_guest_orders_task

    try:
        with transaction.atomic():
            user = host.get_user(user_id)
            if user is not None:
                record_sync_intent(host.guest_order_ids_for_email(user), now=timezone.now())
                customer_signup_bonus(user_id=user_id, settings_for=active_program_for)
    except Exception:
        logger.warning("Loyalty: signup bonus or guest-order intents for user %s not recorded",
                       user_id, exc_info=True)

    def dispatch():
        try:
            credit_guest_orders_task.delay(user_id)
        except Exception:  # broker down: the reconciliation sends the order syncs
            logger.warning("Loyalty: guest-order credit for user %s not dispatched", user_id,
                           exc_info=True)

    transaction.on_commit(dispatch)


def register_beat_schedule():
    """Put the pending-points release on Celery beat, whoever owns the settings.

    Saleor 3 loads the plugin through an entry point and never runs our
    settings code, so the schedule is added to Django settings at app start;
    Celery reads ``CELERY_BEAT_SCHEDULE`` lazily, after apps are ready.
    """
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    if schedule is None:
        schedule = {}
        settings.CELERY_BEAT_SCHEDULE = schedule
    schedule.setdefault(
        RELEASE_SCHEDULE_NAME,
        {"task": RELEASE_TASK_NAME, "schedule": float(RELEASE_INTERVAL_SECONDS)},
    )
    schedule.setdefault(
        TIERS_SCHEDULE_NAME,
        {"task": TIERS_TASK_NAME, "schedule": float(TIERS_INTERVAL_SECONDS)},
    )
    for name, task, seconds in ((EXPIRY_SCHEDULE_NAME, EXPIRY_TASK_NAME, DAILY_SECONDS),
                                (BIRTHDAY_SCHEDULE_NAME, BIRTHDAY_TASK_NAME, DAILY_SECONDS),
                                (REFERRAL_SCHEDULE_NAME, REFERRAL_TASK_NAME, HOURLY_SECONDS)):
        schedule.setdefault(name, {"task": task, "schedule": float(seconds)})
    schedule.setdefault(
        JOURNEY_SCHEDULE_NAME,
        {"task": JOURNEY_TASK_NAME, "schedule": float(JOURNEY_INTERVAL_SECONDS)},
    )
    schedule.setdefault(
        RECONCILE_SCHEDULE_NAME,
        {"task": RECONCILE_TASK_NAME, "schedule": float(
            getattr(settings, "LOYALTY_RECONCILE_SECONDS", RECONCILE_INTERVAL_SECONDS))},
    )
