"""The expiry job: one set-based statement per chunk of accounts writes EXPIRE rows.

What lapses is the core's rule (``core/expiry.py``): after availability,
the credits available on or before the cutoff minus everything taken out
so far; after inactivity, the whole balance once the last order is older
than the cutoff.  Each row keeps its cutoff so ``loyalty_verify_ledger`` can
replay it.  Keys make a rerun harmless: per account and day after
availability (a second run the same day finds nothing left to take anyway),
per account and last order after inactivity (one lapse per quiet spell).
"""
import logging
from datetime import datetime
from typing import Callable, Dict, Optional

from ..core import expiry as core
from ..core.balances import KIND_EARN, KIND_EXPIRE, STATUS_AVAILABLE
from ..ledger import bulk
from ..ledger.models import LoyaltyAccount

logger = logging.getLogger(__name__)
CHUNK_SIZE = 1000

# Shared by the job (as of now) and the reminder selector (as of a later day).
LAPSING_AFTER_AVAILABLE = """
SELECT totals.account_id, LEAST(totals.credited - totals.taken, account.points_available)
       AS points
FROM (
    SELECT account_id,
           COALESCE(SUM(points) FILTER (WHERE points > 0 AND available_at <= %(cutoff)s), 0)
               AS credited,
           COALESCE(-SUM(points) FILTER (WHERE points < 0), 0) AS taken
    FROM {transactions}
    WHERE account_id = ANY(%(account_ids)s) AND status = %(available)s
    GROUP BY account_id
) AS totals JOIN {accounts} AS account ON account.id = totals.account_id
WHERE totals.credited > totals.taken AND account.points_available > 0
"""
LAST_ORDER = """COALESCE((SELECT MAX(created_at) FROM {transactions}
                          WHERE account_id = account.id AND kind = %(earn)s), account.created_at)"""
LAPSING_AFTER_INACTIVITY = """
SELECT account.id AS account_id, account.points_available AS points,
       """ + LAST_ORDER + """ AS last_order_at
FROM {accounts} AS account
WHERE account.id = ANY(%(account_ids)s) AND account.points_available > 0
  AND """ + LAST_ORDER + """ <= %(cutoff)s
"""

EXPIRE_AFTER_AVAILABLE = """
SELECT lapsing.account_id, %(kind)s AS kind, -lapsing.points AS points,
       'expire:' || lapsing.account_id || ':' || %(day)s AS idempotency_key,
       %(reason)s AS reason, %(cutoff)s::timestamptz AS expiry_cutoff
FROM ({lapsing}) AS lapsing
"""
EXPIRE_AFTER_INACTIVITY = """
SELECT lapsing.account_id, %(kind)s AS kind, -lapsing.points AS points,
       'expire-inactive:' || lapsing.account_id || ':' || to_char(lapsing.last_order_at
           AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS idempotency_key,
       %(reason)s AS reason, NULL::timestamptz AS expiry_cutoff
FROM ({lapsing}) AS lapsing
"""


def _sql(template: str, **parts) -> str:
    return template.format(transactions=bulk.TRANSACTIONS, accounts=bulk.ACCOUNTS, **parts)


def lapsing_query(rule: core.ExpiryRule) -> str:
    """SQL of (account_id, points[, last_order_at]) lapsing at ``%(cutoff)s``."""
    if rule.mode == core.MODE_AFTER_INACTIVITY:
        return _sql(LAPSING_AFTER_INACTIVITY)
    return _sql(LAPSING_AFTER_AVAILABLE)


def query_params(rule: core.ExpiryRule, as_of: datetime) -> Dict[str, object]:
    return {"cutoff": rule.cutoff(as_of), "available": STATUS_AVAILABLE, "earn": KIND_EARN}


def channel_expire_points(*, channel: str, rule: core.ExpiryRule, now: datetime,
                          chunk_size: int = CHUNK_SIZE) -> int:
    """Write the channel's EXPIRE rows due as of ``now``; the points taken (positive)."""
    if not rule.is_on:
        return 0
    if rule.mode == core.MODE_AFTER_INACTIVITY:
        candidates = _sql(EXPIRE_AFTER_INACTIVITY, lapsing=lapsing_query(rule))
        reason = "Points expired after %d months without an order." % rule.months
    else:
        candidates = _sql(EXPIRE_AFTER_AVAILABLE, lapsing=lapsing_query(rule))
        reason = "Points older than %d months expired." % rule.months
    params = dict(query_params(rule, now), kind=KIND_EXPIRE, reason=reason,
                  day=now.date().isoformat())
    members = LoyaltyAccount.objects.filter(channel=channel, points_available__gt=0)
    taken = 0
    for account_ids in bulk.account_id_chunks(members, size=chunk_size):
        taken -= bulk.append_selected(account_ids=account_ids, candidates=candidates,
                                      params=params, now=now)
    if taken:
        logger.info("Loyalty expiry: %d points lapsed in channel %r", taken, channel)
    return taken


def expire_all_points(*, now: datetime, rules_for: Callable[[str], Optional[core.ExpiryRule]],
                      channels) -> int:
    """Every channel's expiry as of ``now`` (``rules_for`` is None for a channel that is off)."""
    total = 0
    for channel in channels:
        rule = rules_for(channel)
        if rule is not None:
            total += channel_expire_points(channel=channel, rule=rule, now=now)
    return total
