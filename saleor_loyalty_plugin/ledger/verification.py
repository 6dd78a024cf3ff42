"""Ledger checks: do the cached balances equal the fold of the ledger?"""
from django.db import transaction

from ..core.balances import KIND_EXPIRE, STATUS_AVAILABLE, Balances, replay
from ..core.expiry import replay_expiries
from .batch import drifted_accounts
from .models import LoyaltyAccount, LoyaltyTransaction
from .selectors import movements_of


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


def find_expiry_problems():
    """EXPIRE rows that did not take exactly what their cutoff made expirable.

    Replays each account's available rows through the core's lots (oldest
    first): an expiry that took too much or too little is reported as
    ``(account, row, points taken, points that were expirable)``.
    """
    problems = []
    account_ids = (LoyaltyTransaction.objects.filter(kind=KIND_EXPIRE)
                   .values_list("account_id", flat=True).distinct())
    for account in LoyaltyAccount.objects.filter(pk__in=account_ids).order_by("pk"):
        rows = list(LoyaltyTransaction.objects.filter(
            account_id=account.pk, status=STATUS_AVAILABLE).order_by("pk"))
        for index, took, due in replay_expiries(movements_of(account.pk)):
            problems.append((account, rows[index], took, due))
    return problems


@transaction.atomic
def recalculate(account_id: int) -> Balances:
    account = LoyaltyAccount.objects.select_for_update().get(pk=account_id)
    expected = expected_balances(account_id)
    account.points_available = expected.available
    account.points_pending = expected.pending
    account.points_lifetime = expected.lifetime
    account.save(update_fields=["points_available", "points_pending", "points_lifetime"])
    return expected
