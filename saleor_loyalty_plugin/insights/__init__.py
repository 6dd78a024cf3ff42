"""Merchant insights: retention, repeat purchase, best customers, program health.

Reads only (selectors), in set-based SQL over Saleor's orders (through the
host's ``insight_orders_sql``), the plugin's summary of them (``models.py``,
kept by the order sync through ``summary.py``) and the ledger; the definitions
are ``core/insights.py``.
"""
