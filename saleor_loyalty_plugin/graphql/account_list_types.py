"""The staff listing of loyalty accounts: filter, sort and keyset pages.

Support staff search customers by e-mail or name and sort by balance to
find who holds the most points; every sort ends with the account id, so a
page cursor names one account and pages never repeat or skip one while
accounts change.
"""
import graphene

from .pagination import SortKey
from .types import LoyaltyAccount

LoyaltyAccountSortField = graphene.Enum("LoyaltyAccountSortField", [
    ("EMAIL", "email"),
    ("POINTS_BALANCE", "points_available"),
    ("PENDING_POINTS", "points_pending"),
    ("LIFETIME_POINTS", "points_lifetime"),
    ("CREATED_AT", "created_at"),
])
LoyaltySortDirection = graphene.Enum("LoyaltySortDirection", [("ASC", "asc"), ("DESC", "desc")])
DEFAULT_SORT = {"field": "email", "direction": "asc"}
FIELD_KINDS = {"email": "str", "created_at": "datetime"}


class LoyaltyAccountFilterInput(graphene.InputObjectType):
    search = graphene.String(
        description="Words that must each be in the e-mail, first or last name.")
    tiers = graphene.List(graphene.NonNull(graphene.String),
                          description='Tier slugs; "" for members without a tier.')
    min_points_balance = graphene.Int(description="At least this many points to spend.")
    max_points_balance = graphene.Int(description="At most this many points to spend.")


class LoyaltyAccountSortingInput(graphene.InputObjectType):
    field = LoyaltyAccountSortField(required=True)
    direction = LoyaltySortDirection(required=True)


class LoyaltyAccountCountableConnection(graphene.relay.Connection):
    total_count = graphene.Int(required=True)

    class Meta:
        node = LoyaltyAccount


def sort_keys(sort_by) -> tuple:
    """(cursor tag, keyset order) for ``sortBy``: the field, then the id the same way.

    The tag names the order, so a cursor from one sort is refused by another.
    """
    sort_by = sort_by or DEFAULT_SORT
    field, descending = sort_by["field"], sort_by["direction"] == "desc"
    keys = (SortKey(field, descending=descending, kind=FIELD_KINDS.get(field, "int")),
            SortKey("pk", descending=descending))
    return "LoyaltyAccount:%s:%s" % (field, sort_by["direction"]), keys
