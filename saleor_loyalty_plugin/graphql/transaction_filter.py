"""The history filter: which kinds, statuses and dates of a customer's transactions.

A storefront shows "points earned this year" or only what is still
pending; staff look for the adjustments of one month.  Dates are a
half-open range (``from`` inclusive, ``to`` exclusive), so two consecutive
months never show a row twice.
"""
import graphene

from .enums import LoyaltyTransactionKind, LoyaltyTransactionStatus


class LoyaltyTransactionFilterInput(graphene.InputObjectType):
    kinds = graphene.List(graphene.NonNull(LoyaltyTransactionKind),
                          description="Only these kinds (any when omitted).")
    statuses = graphene.List(graphene.NonNull(LoyaltyTransactionStatus),
                             description="Only these statuses (any when omitted).")
    created_from = graphene.DateTime(name="from", description="Created at or after this time.")
    created_to = graphene.DateTime(name="to", description="Created before this time.")


def selector_arguments(transaction_filter) -> dict:
    """Keyword arguments for ``ledger.selectors.transactions_for``."""
    transaction_filter = transaction_filter or {}
    return {
        "kinds": transaction_filter.get("kinds"),
        "statuses": transaction_filter.get("statuses"),
        "created_from": transaction_filter.get("created_from"),
        "created_before": transaction_filter.get("created_to"),
    }
