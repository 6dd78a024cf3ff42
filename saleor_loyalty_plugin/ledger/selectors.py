"""Reads of accounts and their history; they never write."""
from typing import Dict, List, Optional

from ..core.balances import KIND_EXPIRE, STATUS_AVAILABLE
from ..core.expiry import Movement
from ..hosts import host
from .models import LoyaltyAccount, LoyaltyTransaction


def account_for_user(user, channel: str) -> LoyaltyAccount:
    """The customer's account, or an unsaved empty one (zero balances).

    A signed-in customer who has not earned yet sees zeros rather than null,
    which is what a storefront's "your points" panel wants to render.
    """
    account = LoyaltyAccount.objects.filter(user=user, channel=channel).first()
    return account or LoyaltyAccount(user=user, email=user.email, channel=channel)


def account_for_email(email: str, channel: str) -> Optional[LoyaltyAccount]:
    user = host.get_user_by_email(email)
    if user is None:
        return None
    return account_for_user(user, channel)


def transactions_for(account: LoyaltyAccount, *, kinds=None, statuses=None,
                     created_from=None, created_before=None):
    """The account's history, newest first, optionally only some kinds, statuses or dates.

    ``created_from`` is inclusive and ``created_before`` exclusive, so
    consecutive periods never count a row twice.
    """
    if account.pk is None:
        return LoyaltyTransaction.objects.none()
    rows = LoyaltyTransaction.objects.filter(account_id=account.pk)
    if kinds:
        rows = rows.filter(kind__in=list(kinds))
    if statuses:
        rows = rows.filter(status__in=list(statuses))
    if created_from is not None:
        rows = rows.filter(created_at__gte=created_from)
    if created_before is not None:
        rows = rows.filter(created_at__lt=created_before)
    return rows.order_by("-created_at", "-pk")


def movements_of(account_id: int) -> List[Movement]:
    """The account's available rows, in ledger order, as expiry's lots see them."""
    return movements_by_account([account_id]).get(account_id, [])


def movements_by_account(account_ids) -> Dict[int, List[Movement]]:
    """``movements_of`` for many accounts in one query (a page of members)."""
    rows = (LoyaltyTransaction.objects.filter(account_id__in=list(account_ids),
                                              status=STATUS_AVAILABLE)
            .order_by("account_id", "pk")
            .values_list("account_id", "points", "available_at", "created_at", "kind",
                         "expiry_cutoff"))
    found: Dict[int, List[Movement]] = {}
    for account_id, points, available_at, created_at, kind, cutoff in rows:
        found.setdefault(account_id, []).append(Movement(
            points=points, available_at=available_at or created_at, expiry_cutoff=cutoff,
            is_expiry=kind == KIND_EXPIRE))
    return found
