"""Ledger checks: do the cached balances equal the fold of the ledger?"""
from django.db import transaction

from ..core.balances import Balances, replay
from .batch import drifted_accounts
from .models import LoyaltyAccount, LoyaltyTransaction


def expected_balances(account_id: int) -> Balances:
    rows = LoyaltyTransaction.objects.filter(account_id=account_id).order_by("pk")
    return replay(rows.values_list("kind", "status", "points"))


def cached_balances(account: LoyaltyAccount) -> Balances:
    return Balances(
        available=account.points_available,
        pending=account.points_pending,
        lifetime=account.points_lifetime,
    )


def find_mismatches():
    """(account, what its ledger says) for every account whose cache drifted (set-based)."""
    return drifted_accounts()


@transaction.atomic
def recalculate(account_id: int) -> Balances:
    account = LoyaltyAccount.objects.select_for_update().get(pk=account_id)
    expected = expected_balances(account_id)
    account.points_available = expected.available
    account.points_pending = expected.pending
    account.points_lifetime = expected.lifetime
    account.save(update_fields=["points_available", "points_pending", "points_lifetime"])
    return expected
