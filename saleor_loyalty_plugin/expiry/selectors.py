"""Reads about expiry: one member's next lapsing points, and who is about to lose some."""
from datetime import datetime, timedelta
from typing import List, NamedTuple, Optional, Tuple

from django.db import connection
from django.db.models import Max

from ..core import expiry as core
from ..core.balances import KIND_EARN
from ..ledger import bulk
from ..ledger.models import LoyaltyAccount, LoyaltyTransaction
from ..ledger.selectors import movements_of
from .services import CHUNK_SIZE, lapsing_query, query_params


def last_order_at(account_id: int) -> Optional[datetime]:
    return LoyaltyTransaction.objects.filter(account_id=account_id, kind=KIND_EARN).aggregate(
        last=Max("created_at"))["last"]


def next_expiring_points(account: LoyaltyAccount, rule: core.ExpiryRule,
                         now: datetime) -> Optional[Tuple[int, datetime]]:
    """(points, when) the member's next points lapse; None when none will."""
    if account.pk is None or not rule.is_on or account.points_available <= 0:
        return None
    return core.next_expiring(movements_of(account.pk), rule,
                              last_order_at=last_order_at(account.pk) or account.created_at,
                              as_of=now)


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
