"""Saleor 2.10's orders as rows for the insight queries (plain SQL, no models loaded).

2.10 orders have no charge status: an order is paid when its payments'
captured amounts (partially or fully charged, partially refunded; what
``Order.is_fully_paid`` adds up) cover its total, and counts unless it is a
draft or cancelled.  There is one implicit channel (``""``).
"""
from ..common import INSIGHT_LINES_SQL
from .channels import NO_CHANNEL

ORDERS_SQL = """
SELECT o.id AS order_id,
       lower(COALESCE(NULLIF(o.user_email, ''), u.email)) AS email,
       o.created AS placed_at,
       o.total_gross_amount AS total,
       o.currency AS currency,
       '%s'::text AS channel,
       a.country AS country
  FROM order_order o
  LEFT JOIN account_user u ON u.id = o.user_id
  LEFT JOIN account_address a ON a.id = o.billing_address_id
  JOIN (SELECT order_id, SUM(captured_amount) AS captured
          FROM payment_payment
         WHERE charge_status IN ('partially-charged', 'fully-charged', 'partially-refunded')
         GROUP BY order_id) paid ON paid.order_id = o.id
 WHERE o.status NOT IN ('draft', 'canceled')
   AND paid.captured >= o.total_gross_amount
   AND COALESCE(NULLIF(o.user_email, ''), u.email) IS NOT NULL
""" % NO_CHANNEL

LINES_SQL = INSIGHT_LINES_SQL.format(line_total="l.unit_price_gross_amount * l.quantity")


def insight_orders_sql() -> str:
    return ORDERS_SQL


def insight_lines_sql() -> str:
    return LINES_SQL


def insight_order_id_type() -> str:
    """The SQL type of ``order_order.id`` (to filter the orders above by id on its index)."""
    return "integer"
