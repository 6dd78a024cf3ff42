"""Reads about expiry: one member's next lapsing points, and who is about to lose some."""
from datetime import datetime, timedelta
from typing import Dict, List, NamedTuple, Optional, Tuple

from django.db import connection
from django.db.models import Max

from ..core import expiry as core
from ..core.balances import KIND_EARN
from ..ledger import bulk
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from ..ledger.selectors import movements_by_account
from .services import CHUNK_SIZE, lapsing_query, query_params


def last_order_at(account_id: int) -> Optional[datetime]:
    return last_order_at_by_account([account_id]).get(account_id)


def last_order_at_by_account(account_ids) -> Dict[int, datetime]:
    """Each account's last earning order (one aggregate for a page of members)."""
    return dict(LoyaltyTransaction.objects.filter(account_id__in=list(account_ids),
                                                  kind=KIND_EARN)
                .values_list("account_id").annotate(last=Max("created_at")))


def next_expiring_points(account: LoyaltyAccount, rule: core.ExpiryRule,
                         now: datetime) -> Optional[Tuple[int, datetime]]:
    """(points, when) the member's next points lapse; None when none will."""
    if account.pk is None:
        return None
    return next_expiring_points_by_account([account], rule, now).get(account.pk)


def next_expiring_points_by_account(accounts, rule: core.ExpiryRule,
                                    now: datetime) -> Dict[int, Tuple[int, datetime]]:
    """``next_expiring_points`` for a page of members: two queries, however many.

    Accounts whose points none will lapse are left out.
    """
    holding = [account for account in accounts
               if account.pk is not None and account.points_available > 0]
    if not rule.is_on or not holding:
        return {}
    ids = [account.pk for account in holding]
    movements = movements_by_account(ids)
    last_orders = last_order_at_by_account(ids)
    found = {}
    for account in holding:
        expiring = core.next_expiring(movements.get(account.pk, []), rule,
                                      last_order_at=last_orders.get(account.pk)
                                      or account.created_at, as_of=now)
        if expiring is not None:
            found[account.pk] = expiring
    return found


class ExpiringMembers(NamedTuple):
    account_id: int
    user_id: Optional[int]
    email: str
    points: int


def members_with_points_expiring(*, channel: str, rule: core.ExpiryRule, within_days: int,
                                 now: datetime) -> List[ExpiringMembers]:
    """Members of the channel who lose points by ``now + within_days`` unless they act.

    For the journey's reminder ("N points expire on ..."): each member once,
    with the points that will have lapsed by then (set-based, chunked; a
    member whose points lapse sooner is included too, the job runs daily).
    Pair with ``next_expiring_points`` for the date to print.
    """
    if not rule.is_on:
        return []
    params = query_params(rule, now + timedelta(days=within_days))
    sql = ("SELECT lapsing.account_id, account.user_id, account.email, lapsing.points "
           "FROM (%s) AS lapsing JOIN %s AS account ON account.id = lapsing.account_id "
           "ORDER BY lapsing.account_id" % (lapsing_query(rule), bulk.ACCOUNTS))
    members = LoyaltyAccount.objects.filter(channel=channel, points_available__gt=0)
    found = []
    with connection.cursor() as cursor:
        for account_ids in bulk.account_id_chunks(members, size=CHUNK_SIZE):
            cursor.execute(sql, dict(params, account_ids=account_ids))
            found.extend(ExpiringMembers(*row) for row in cursor.fetchall())
    return found
