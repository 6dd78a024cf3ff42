"""Reads for tiers: where a customer stands against the ladder, and their history."""
from datetime import datetime
from decimal import Decimal
from typing import Dict

from ..core import tiers as core
from ..core.program import ProgramSettings
from ..ledger.models import LoyaltyAccount
from .batch import metrics_by_account
from .models import LoyaltyTierChange


def tier_metrics(account: LoyaltyAccount, window: str, now: datetime) -> core.TierMetrics:
    """Money, points and orders earned inside the window, net of refunds."""
    if account.pk is None:
        return core.TierMetrics()
    return tier_metrics_by_account([account.pk], window, now)[account.pk]


def tier_metrics_by_account(account_ids, window: str, now: datetime) -> Dict[int, core.TierMetrics]:
    """``tier_metrics`` for many accounts in one query: the nightly pass's own measure."""
    return metrics_by_account(account_ids, window, now)


def earn_multiplier(account: LoyaltyAccount, settings: ProgramSettings) -> Decimal:
    tier = core.tier_by_slug(settings.tiers, account.tier_slug)
    return tier.earn_multiplier if tier else Decimal("1")


def tier_history_for(account: LoyaltyAccount):
    if account.pk is None:
        return LoyaltyTierChange.objects.none()
    return LoyaltyTierChange.objects.filter(account_id=account.pk).order_by("-created_at", "-pk")
