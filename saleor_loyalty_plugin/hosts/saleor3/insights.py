"""Saleor 3's orders as rows for the insight queries (plain SQL, no models loaded).

An order counts once it is placed (not a draft, unconfirmed, expired or
cancelled) and fully charged (``charge_status`` full or overcharged: Saleor
keeps it from payment apps' transactions and legacy payments alike).  The
customer is the order's e-mail, lower-cased, so guests count too.
"""
from ..common import INSIGHT_LINES_SQL

ORDERS_SQL = """
SELECT o.id AS order_id,
       lower(COALESCE(NULLIF(o.user_email, ''), u.email)) AS email,
       o.created_at AS placed_at,
       o.total_gross_amount AS total,
       o.currency AS currency,
       ch.slug AS channel,
       a.country AS country
  FROM order_order o
  JOIN channel_channel ch ON ch.id = o.channel_id
  LEFT JOIN account_user u ON u.id = o.user_id
  LEFT JOIN account_address a ON a.id = o.billing_address_id
 WHERE o.status NOT IN ('draft', 'unconfirmed', 'canceled', 'expired')
   AND o.charge_status IN ('full', 'overcharged')
   AND COALESCE(NULLIF(o.user_email, ''), u.email) IS NOT NULL
"""

LINES_SQL = INSIGHT_LINES_SQL.format(line_total="l.total_price_gross_amount")


def insight_orders_sql() -> str:
    return ORDERS_SQL


def insight_lines_sql() -> str:
    return LINES_SQL


def insight_order_id_type() -> str:
    """The SQL type of ``order_order.id`` (to filter the orders above by id on its index)."""
    return "uuid"
