"""The best customers (the top share of buyers by revenue) and what sets them apart.

One ranked derived table of the period's buyers (``RANKED``, from the insight
summary's orders) feeds both the staff's paginated list and the comparison
with everyone else; the comparison is a single GROUPING SETS query (country,
tier, channel of each buyer's latest order) plus one over Saleor's order lines
for the categories.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from django.utils import timezone

from ..core import insights as rules
from ..hosts import host
from ..ledger.models import LoyaltyAccount
from .scope import InsightScope, paid_orders_sql, rows

TOP_VALUES = 3

# The period's buyers from the insight summary, best first (ties by the summary's
# customer id), keyed by that id: e-mails are read for one page only, and the tier from
# the accounts holding one, mapped to customer ids by e-mail.
RANKED = """
  SELECT b.*, t.tier, ROW_NUMBER() OVER (ORDER BY b.revenue DESC, b.customer_id) AS rank
    FROM (SELECT customer_id, COUNT(*) AS orders, SUM(total) AS revenue,
                 MAX(placed_at) AS last_at,
                 (ARRAY_AGG(country ORDER BY placed_at DESC))[1] AS country,
                 (ARRAY_AGG(channel ORDER BY placed_at DESC))[1] AS channel
            FROM {orders} WHERE placed_at >= %(start)s AND placed_at < %(end)s
           GROUP BY customer_id) b
    LEFT JOIN (SELECT c.id AS customer_id, MAX(a.tier_slug) AS tier
                 FROM {accounts} a JOIN loyalty_insight_customer c ON c.email = lower(a.email)
                WHERE a.channel = ANY(%(channels)s) AND a.tier_slug <> ''
                GROUP BY 1) t
           ON t.customer_id = b.customer_id
"""


def _ranked_sql() -> str:
    return RANKED.format(orders=paid_orders_sql(), accounts=LoyaltyAccount._meta.db_table)


def _lines_sql() -> str:
    """The host's order lines of the summary's orders ``o`` (joined on the host's id type)."""
    return "JOIN ({lines}) l ON l.order_id = o.order_id::{id_type}".format(
        lines=host.insight_lines_sql(), id_type=host.insight_order_id_type())


def reference_moment(scope: InsightScope) -> datetime:
    """Days since the last order are counted at the period's end, or now if it runs on."""
    return min(scope.end, timezone.now())


@dataclass(frozen=True)
class BestCustomer:
    rank: int
    email: str
    orders: int
    revenue: Decimal
    last_order_at: datetime
    days_since_last_order: int
    country: str
    channel: str
    tier: str
    top_categories: Tuple[str, ...]
    referred: bool = False  # registered through a friend's referral (not refused)

    @property
    def average_order_value(self):
        return rules.average_order_value(self.revenue, self.orders)


def best_customers(scope: InsightScope, *, customers: int, offset: int = 0,
                   limit: int = 20) -> List[BestCustomer]:
    """A page of the best customers, best first (ranks ``offset + 1`` ...)."""
    top = rules.top_count(customers, scope.top_share_percent)
    sql = """
    SELECT page.rank, c.email, page.orders, page.revenue, page.last_at, page.country,
           page.channel, page.tier
      FROM (SELECT * FROM ({ranked}) ranked WHERE rank > %(offset)s AND rank <= %(top)s
             ORDER BY rank LIMIT %(limit)s) page
      JOIN loyalty_insight_customer c ON c.id = page.customer_id
     ORDER BY page.rank
    """.format(ranked=_ranked_sql())
    page = rows(sql, scope.params(offset=offset, top=top, limit=limit))
    emails = [row[1] for row in page]
    categories = top_categories_by_email(scope, emails)
    referred = referred_emails(emails)
    moment = reference_moment(scope)
    return [BestCustomer(rank=rank, email=email, orders=orders, revenue=revenue,
                         last_order_at=last_at, days_since_last_order=(moment - last_at).days,
                         country=country or "", channel=channel or "", tier=tier or "",
                         top_categories=categories.get(email, ()), referred=email in referred)
            for rank, email, orders, revenue, last_at, country, channel, tier in page]


def top_categories_by_email(scope: InsightScope, emails) -> Dict[str, Tuple[str, ...]]:
    if not emails:
        return {}
    sql = """
    SELECT c.email, l.category, SUM(l.line_total) AS spent
      FROM loyalty_insight_customer c JOIN {orders} ON o.customer_id = c.id {lines}
     WHERE c.email = ANY(%(emails)s) AND o.placed_at >= %(start)s AND o.placed_at < %(end)s
       AND l.category <> ''
     GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
    """.format(orders=paid_orders_sql(), lines=_lines_sql())
    found: Dict[str, list] = {}
    for email, category, _ in rows(sql, scope.params(emails=list(emails))):
        found.setdefault(email, []).append(category)
    return {email: tuple(names[:TOP_VALUES]) for email, names in found.items()}


@dataclass(frozen=True)
class Share:
    value: str
    customers: int
    percent: Optional[Decimal]


@dataclass(frozen=True)
class GroupProfile:
    customers: int = 0
    orders: int = 0
    revenue: Decimal = Decimal("0")
    average_days_since_last_order: Optional[Decimal] = None
    countries: Tuple[Share, ...] = ()
    tiers: Tuple[Share, ...] = ()
    channels: Tuple[Share, ...] = ()
    top_categories: Tuple[Share, ...] = ()
    referred: Optional[int] = None  # customers who came by a (not refused) referral

    @property
    def orders_per_customer(self):
        return rules.purchase_frequency(self.orders, self.customers)

    @property
    def average_order_value(self):
        return rules.average_order_value(self.revenue, self.orders)


def _shares(counts: Dict[str, int], whole: int) -> Tuple[Share, ...]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_VALUES]
    return tuple(Share(value, count, rules.percent(count, whole)) for value, count in ranked)


def profiles(scope: InsightScope, *, customers: int) -> Tuple[GroupProfile, GroupProfile]:
    """(the best customers, everyone else who bought in the period), side by side."""
    top = rules.top_count(customers, scope.top_share_percent)
    sql = """
    SELECT is_top, GROUPING(country, tier, channel) AS grouping,
           COALESCE(country, ''), COALESCE(tier, ''), COALESCE(channel, ''), COUNT(*),
           SUM(orders), SUM(revenue), AVG(EXTRACT(EPOCH FROM %(moment)s - last_at)) / 86400.0
      FROM (SELECT ranked.*, rank <= %(top)s AS is_top FROM ({ranked}) ranked) flagged
     GROUP BY GROUPING SETS ((is_top), (is_top, country), (is_top, tier), (is_top, channel))
    """.format(ranked=_ranked_sql())
    groups = {True: {"countries": {}, "tiers": {}, "channels": {}},
              False: {"countries": {}, "tiers": {}, "channels": {}}}
    totals = {}
    params = scope.params(top=top, moment=reference_moment(scope))
    for is_top, grouping, country, tier, channel, count, orders, revenue, days in rows(sql, params):
        if grouping == 7:  # country, tier and channel all rolled up: the group's totals
            totals[is_top] = (count, int(orders), revenue,
                              Decimal(str(days)).quantize(rules.CENT))
        elif grouping == 3:  # bits: country 4, tier 2, channel 1 (set = rolled up)
            groups[is_top]["countries"][country] = count
        elif grouping == 5:
            groups[is_top]["tiers"][tier] = count
        else:
            groups[is_top]["channels"][channel] = count
    categories = _category_shares(scope, top, {flag: total[0] for flag, total in totals.items()})
    referred = _referred_counts(scope, top)
    result = []
    for is_top in (True, False):
        if is_top not in totals:
            result.append(GroupProfile())
            continue
        count, orders, revenue, days = totals[is_top]
        result.append(GroupProfile(
            customers=count, orders=orders, revenue=revenue, average_days_since_last_order=days,
            countries=_shares(groups[is_top]["countries"], count),
            tiers=_shares(groups[is_top]["tiers"], count),
            channels=_shares(groups[is_top]["channels"], count),
            top_categories=categories.get(is_top, ()),
            referred=referred.get(is_top, 0),
        ))
    return result[0], result[1]


# Customers (by lower-cased e-mail) who registered through a friend's referral that
# was not refused; the best-customer queries join it on e-mail.
_REFERRED = """
  SELECT DISTINCT LOWER(u.email) AS email
    FROM {users} u JOIN {referrals} r ON r.friend_id = u.id AND r.status <> %(refused)s
"""


def _referred_sql() -> str:
    from django.contrib.auth import get_user_model

    from ..referrals.models import LoyaltyReferral

    return _REFERRED.format(users=get_user_model()._meta.db_table,
                            referrals=LoyaltyReferral._meta.db_table)


def referred_emails(emails) -> set:
    """Those of ``emails`` (lower-cased) that came by a friend's referral (one query)."""
    from ..referrals.models import STATUS_REFUSED

    if not emails:
        return set()
    sql = "SELECT email FROM ({referred}) referred WHERE email = ANY(%(emails)s)".format(
        referred=_referred_sql())
    return {email for (email,) in rows(sql, {"refused": STATUS_REFUSED, "emails": list(emails)})}


def _referred_counts(scope: InsightScope, top: int) -> Dict[bool, int]:
    """Per group, how many customers registered through a friend's referral (not refused)."""
    from ..referrals.models import STATUS_REFUSED

    sql = """
    SELECT ranked.rank <= %(top)s, COUNT(*)
      FROM ({ranked}) ranked
      JOIN loyalty_insight_customer c ON c.id = ranked.customer_id
      JOIN ({referred}) referred ON referred.email = c.email
     GROUP BY 1
    """.format(ranked=_ranked_sql(), referred=_referred_sql())
    return dict(rows(sql, scope.params(top=top, refused=STATUS_REFUSED)))


def _category_shares(scope: InsightScope, top: int, sizes: Dict[bool, int]):
    """Per group, the categories most of its buyers bought from (share of the group's buyers)."""
    sql = """
    SELECT ranked.rank <= %(top)s, l.category, COUNT(DISTINCT o.customer_id)
      FROM {orders} {lines}
      JOIN ({ranked}) ranked ON ranked.customer_id = o.customer_id
     WHERE o.placed_at >= %(start)s AND o.placed_at < %(end)s AND l.category <> ''
     GROUP BY 1, 2
    """.format(orders=paid_orders_sql(), lines=_lines_sql(), ranked=_ranked_sql())
    counts: Dict[bool, Dict[str, int]] = {True: {}, False: {}}
    for is_top, category, buyers in rows(sql, scope.params(top=top)):
        counts[is_top][category] = buyers
    return {is_top: _shares(found, sizes.get(is_top, 0)) for is_top, found in counts.items()}
