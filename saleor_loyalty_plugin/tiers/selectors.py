"""Reads for tiers: where a customer stands against the ladder, and their history."""
from datetime import datetime
from decimal import Decimal

from django.db.models import Sum

from ..core import tiers as core
from ..core.balances import KIND_CLAWBACK, KIND_EARN
from ..core.program import ProgramSettings
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from .models import LoyaltyTierChange


def tier_metrics(account: LoyaltyAccount, window: str, now: datetime) -> core.TierMetrics:
    """Money, points and orders earned inside the window, net of refunds."""
    if account.pk is None:
        return core.TierMetrics()
    earns = LoyaltyTransaction.objects.filter(account_id=account.pk, kind=KIND_EARN)
    start = core.window_start(window, now)
    if start is not None:
        earns = earns.filter(created_at__gte=start)
    earned = list(earns.values_list("order_id", "points", "amount"))
    clawed = dict(
        LoyaltyTransaction.objects.filter(
            account_id=account.pk, kind=KIND_CLAWBACK, order_id__in=[row[0] for row in earned]
        )
        .values("order_id")
        .annotate(total=Sum("points"))
        .values_list("order_id", "total")
    )
    money, points, orders = Decimal("0"), 0, 0
    for order_id, earned_points, amount in earned:
        kept = earned_points + clawed.get(order_id, 0)
        points += kept
        orders += 1 if kept > 0 else 0
        money += (amount or Decimal("0")) * kept / earned_points
    return core.TierMetrics(money_spent=money.quantize(Decimal("0.01")), points_earned=points,
                            orders=orders)


def earn_multiplier(account: LoyaltyAccount, settings: ProgramSettings) -> Decimal:
    tier = core.tier_by_slug(settings.tiers, account.tier_slug)
    return tier.earn_multiplier if tier else Decimal("1")


def tier_history_for(account: LoyaltyAccount):
    if account.pk is None:
        return LoyaltyTierChange.objects.none()
    return LoyaltyTierChange.objects.filter(account_id=account.pk).order_by("-created_at", "-pk")
