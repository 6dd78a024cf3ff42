"""Sync one order: the single entry point for every order event.

``order_sync_points`` converges everything the order drives to what its
current state deserves: points paid on its checkout (redemption), a paid
membership, punch cards, the award, refund and cancellation clawbacks, and
then the customer's tier.  It reads the order once (a host snapshot), hands
that snapshot to each feature in turn, and each feature says whether it
changed anything, so running it twice, late, or out of order changes nothing.

One sync is one database transaction holding the order's sync row lock, so
two workers syncing the same order run one after the other and a crash
leaves nothing half-written.  Each feature runs in its own savepoint: one
that fails (a bug, a Saleor object in an unexpected state) is rolled back
alone and reported, the others still land, and the task retries the whole
sync, which only redoes what is missing.
"""
import logging
from dataclasses import dataclass, replace
from typing import List, Optional, Tuple

from django.db import transaction
from django.utils import timezone

from ..core import earning
from ..core.balances import KIND_EARN
from ..hosts import host
from ..insights import summary as insight_summary
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from ..memberships.services import order_sync_membership
from ..program.selectors import active_program_for
from ..punch_cards.services import order_sync_punches
from ..redemption.services import order_settle_redemption
from ..rewards.lifecycle import account_tier_changed, order_sync_reward_use
from ..tiers.services import account_reevaluate_tier
from .points import order_award_points, order_claw_back_points
from .sync_state import lock_sync_state, record_sync_outcome

logger = logging.getLogger(__name__)


class OrderSyncIncomplete(Exception):
    """Some parts of an order's sync failed; the rest was saved. Retry the sync."""

    def __init__(self, order_id: str, failures: List[Tuple[str, str]]):
        self.order_id = order_id
        self.failures = failures
        super().__init__("Order %s: %s" % (order_id, "; ".join("%s: %s" % f for f in failures)))


@dataclass
class OrderSync:
    """What every part of one order's sync reads, built once."""

    order: object
    snapshot: earning.OrderSnapshot
    settings: object
    customer: object
    now: object
    changed: bool = False
    earn_row: Optional[LoyaltyTransaction] = None


def _settle_redemption(sync: OrderSync) -> bool:
    return order_settle_redemption(checkout_token=host.order_checkout_token(sync.order),
                                   snapshot=sync.snapshot, now=sync.now)


def _sync_membership(sync: OrderSync) -> bool:
    return order_sync_membership(snapshot=sync.snapshot, settings=sync.settings,
                                 customer=sync.customer, now=sync.now)


def _sync_punches(sync: OrderSync) -> bool:
    return bool(order_sync_punches(snapshot=sync.snapshot, settings=sync.settings,
                                   customer=sync.customer, now=sync.now))


def _sync_points(sync: OrderSync) -> bool:
    """Award once when due, then take back what refunds and cancellation undo."""
    changed = False
    earn_row = _earn_row_for(sync.snapshot.order_id)
    if (earn_row is None and sync.settings is not None
            and earning.is_award_due(sync.snapshot, sync.settings)):
        awarded = order_award_points(sync.snapshot, sync.settings, customer=sync.customer,
                                     now=sync.now)
        changed = awarded is not None
        earn_row = awarded or _earn_row_for(sync.snapshot.order_id)
    if earn_row is not None:
        changed = order_claw_back_points(sync.snapshot, earn_row, settings=sync.settings,
                                         now=sync.now) is not None or changed
    sync.earn_row = earn_row
    return changed


def _sync_reward_use(sync: OrderSync) -> bool:
    return order_sync_reward_use(order=sync.order, snapshot=sync.snapshot, settings=sync.settings)


def _reevaluate_tier(sync: OrderSync) -> bool:
    """Whenever points or a membership moved, the customer's tier (and perks) may have too."""
    if not sync.changed or sync.settings is None:
        return False
    if sync.earn_row is not None:
        account_id = sync.earn_row.account_id
    elif sync.customer is not None:
        account_id = ledger.get_or_create_account(user=sync.customer,
                                                  channel=sync.snapshot.channel).pk
    else:
        return False
    before = LoyaltyAccount.objects.filter(pk=account_id).values_list("tier_slug", flat=True)[0]
    after = account_reevaluate_tier(account_id=account_id, settings=sync.settings, now=sync.now)
    if after.tier_slug != before:
        account_tier_changed(account_id=account_id, settings=sync.settings)
    return False


# In this order: the redemption settles before points (what points paid earns
# nothing), memberships before the tier, the tier (and the perks it gives) last.
PARTS = (_settle_redemption, _sync_reward_use, _sync_membership, _sync_punches, _sync_points,
         _reevaluate_tier)


def order_sync_points(*, order_id: str, customer=None, now=None) -> None:
    """Bring the order's points (and what it bought) in line with its payment and status.

    The order's own customer earns; a guest order, the account that has
    confirmed the order's e-mail (``customer`` names it when already known).  Raises
    ``OrderSyncIncomplete`` after saving the parts that worked when any part
    failed, so the caller retries.
    """
    started = timezone.now()
    order_id = str(order_id)
    failures = []
    with transaction.atomic():
        state = lock_sync_state(order_id, now=started)
        order = host.get_order(order_id)
        if order is not None:
            failures = _run_parts(order, customer=customer, now=now or started)
        failures += _refresh_insights(order_id)
        record_sync_outcome(state, started=started, failures=failures)
    if failures:
        raise OrderSyncIncomplete(order_id, failures)


def _run_parts(order, *, customer, now) -> List[Tuple[str, str]]:
    customer = customer or order.user or host.confirmed_owner_of_guest_order(order)
    settings = active_program_for(host.order_channel(order))
    snapshot = host.order_snapshot(order, with_lines=_reads_lines(settings))
    if customer is not None:
        snapshot = replace(snapshot, customer_user_id=customer.pk)
    sync = OrderSync(order=order, snapshot=snapshot, settings=settings, customer=customer,
                     now=now)
    failures = []
    for part in PARTS:
        name = part.__name__.lstrip("_")
        try:
            with transaction.atomic():
                sync.changed = part(sync) or sync.changed
        except Exception as error:  # one part's failure must not stop the others
            logger.exception("Loyalty sync of order %s: %s failed", snapshot.order_id, name)
            failures.append((name, "%s: %s" % (type(error).__name__, error)))
    return failures


def _refresh_insights(order_id: str) -> List[Tuple[str, str]]:
    """The insight summary follows the order (paid, cancelled, gone), whatever the program."""
    try:
        with transaction.atomic():
            insight_summary.refresh_orders([order_id])
    except Exception as error:  # retried with the sync, like any other part
        logger.exception("Loyalty sync of order %s: insight summary failed", order_id)
        return [("refresh_insights", "%s: %s" % (type(error).__name__, error))]
    return []


def _reads_lines(settings) -> bool:
    """Only punch cards and paid memberships look at what an order bought."""
    return settings is not None and bool(settings.punch_cards or settings.vip_membership_sku)


def _earn_row_for(order_id: str) -> Optional[LoyaltyTransaction]:
    return LoyaltyTransaction.objects.filter(order_id=str(order_id), kind=KIND_EARN).first()


def customer_credit_guest_orders(*, user_id, now=None) -> None:
    """Credit orders the customer placed as a guest before registering.

    Only once the account has confirmed its e-mail: until then anyone could
    have registered the address.
    """
    user = host.get_user(user_id)
    if user is None or not host.user_is_confirmed(user):
        return
    for order_id in host.guest_order_ids_for_email(user):
        order_sync_points(order_id=order_id, customer=user, now=now)
