"""Reads for tiers: where a customer stands against the ladder, and their history."""
from datetime import datetime
from decimal import Decimal
from typing import Dict

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
    return tier_metrics_by_account([account.pk], window, now)[account.pk]


def tier_metrics_by_account(account_ids, window: str, now: datetime) -> Dict[int, core.TierMetrics]:
    """``tier_metrics`` for many accounts in two queries (lists of accounts)."""
    account_ids = list(account_ids)
    earns = LoyaltyTransaction.objects.filter(account_id__in=account_ids, kind=KIND_EARN)
    start = core.window_start(window, now)
    if start is not None:
        earns = earns.filter(created_at__gte=start)
    earned = list(earns.values_list("account_id", "order_id", "points", "amount"))
    clawed = {
        (account_id, order_id): total
        for account_id, order_id, total in LoyaltyTransaction.objects.filter(
            account_id__in=account_ids, kind=KIND_CLAWBACK,
            order_id__in=[row[1] for row in earned],
        )
        .values("account_id", "order_id")
        .annotate(total=Sum("points"))
        .values_list("account_id", "order_id", "total")
    }
    totals = {account_id: [Decimal("0"), 0, 0] for account_id in account_ids}
    for account_id, order_id, earned_points, amount in earned:
        kept = earned_points + clawed.get((account_id, order_id), 0)
        total = totals[account_id]
        total[0] += (amount or Decimal("0")) * kept / earned_points
        total[1] += kept
        total[2] += 1 if kept > 0 else 0
    return {
        account_id: core.TierMetrics(money_spent=money.quantize(Decimal("0.01")),
                                     points_earned=points, orders=orders)
        for account_id, (money, points, orders) in totals.items()
    }


def earn_multiplier(account: LoyaltyAccount, settings: ProgramSettings) -> Decimal:
    tier = core.tier_by_slug(settings.tiers, account.tier_slug)
    return tier.earn_multiplier if tier else Decimal("1")


def tier_history_for(account: LoyaltyAccount):
    if account.pk is None:
        return LoyaltyTierChange.objects.none()
    return LoyaltyTierChange.objects.filter(account_id=account.pk).order_by("-created_at", "-pk")
