"""The points an order earns, and the points its refunds and cancellation take back."""
from datetime import timedelta
from typing import Optional

from ..core import earning
from ..core.rewards import plain_number
from ..ledger import services as ledger
from ..ledger.models import LoyaltyTransaction
from ..tiers.selectors import earn_multiplier


def order_award_points(snapshot, settings, *, customer, now) -> Optional[LoyaltyTransaction]:
    account = ledger.get_or_create_account(user=customer, channel=snapshot.channel)
    multiplier = earn_multiplier(account, settings)
    points = earning.points_for_order(snapshot, settings, multiplier)
    if points <= 0:
        return None
    return ledger.earn(
        account=account,
        points=points,
        key="order:%s:earn" % snapshot.order_id,
        order_id=snapshot.order_id,
        order_number=snapshot.order_number,
        amount=snapshot.captured,
        currency=snapshot.currency,
        available_at=now + timedelta(days=settings.pending_days),
        now=now,
        reason="Order #%s" % snapshot.order_number
        + (" (x%s tier bonus)" % plain_number(multiplier) if multiplier != 1 else ""),
    )


def order_claw_back_points(snapshot, earn_row, *, settings, now) -> Optional[LoyaltyTransaction]:
    if snapshot.is_cancelled:
        return ledger.claw_back_order(
            earn_row=earn_row,
            target_total=earn_row.points,
            key="order:%s:cancel" % snapshot.order_id,
            amount=snapshot.captured,
            reason="Order #%s was cancelled" % snapshot.order_number,
            now=now,
        )
    target = earning.clawback_target(
        awarded_points=earn_row.points,
        paid_at_award=earn_row.amount or 0,
        refunded_total=snapshot.refunded,
        refunded_shipping=snapshot.refunded_shipping,
        shipping_earns=bool(settings and settings.include_shipping),
    )
    if target <= 0:
        return None
    return ledger.claw_back_order(
        earn_row=earn_row,
        target_total=target,
        key="order:%s:refund:%s" % (snapshot.order_id, snapshot.refunded.normalize()),
        amount=snapshot.refunded,
        reason="Refund of %s %s on order #%s"
        % (snapshot.refunded, snapshot.currency, snapshot.order_number),
        now=now,
    )
