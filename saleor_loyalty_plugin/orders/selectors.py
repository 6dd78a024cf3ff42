"""Reads for orders: where each of a customer's orders stands with its points."""
from typing import Dict, List

from django.db.models import Sum

from ..core.balances import KIND_CLAWBACK, KIND_EARN, STATUS_PENDING
from ..core.order_points import EarnedPoints, OrderPoints, order_points
from ..hosts import host
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from ..program.selectors import active_program_for
from ..tiers.selectors import earn_multiplier

MAX_ORDERS = 50


def _earned_by_order(order_ids: List[str]) -> Dict[str, EarnedPoints]:
    rows = LoyaltyTransaction.objects.filter(order_id__in=order_ids)
    earns = {row.order_id: row for row in rows.filter(kind=KIND_EARN)}
    taken_back = dict(
        rows.filter(kind=KIND_CLAWBACK).values("order_id").annotate(total=Sum("points"))
        .values_list("order_id", "total")
    )
    return {
        order_id: EarnedPoints(points=row.points, taken_back=-(taken_back.get(order_id) or 0),
                               is_pending=row.status == STATUS_PENDING,
                               available_at=row.available_at)
        for order_id, row in earns.items()
    }


def order_points_for(account: LoyaltyAccount, limit: int) -> List[tuple]:
    """(order snapshot, OrderPoints) for the customer's newest orders, newest first."""
    if account.user_id is None:
        return []
    orders = host.recent_orders_for_user(account.user, account.channel, min(limit, MAX_ORDERS))
    snapshots = [host.order_snapshot(order, with_lines=False) for order in orders]
    earned = _earned_by_order([snapshot.order_id for snapshot in snapshots])
    settings = active_program_for(account.channel)
    multiplier = earn_multiplier(account, settings) if settings else 1
    result = []
    for snapshot in snapshots:
        state: OrderPoints = order_points(snapshot, settings, earned.get(snapshot.order_id),
                                          multiplier)
        result.append((snapshot, state))
    return result
