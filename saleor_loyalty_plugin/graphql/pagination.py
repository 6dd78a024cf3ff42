"""Relay cursor pagination over a queryset, sliced in SQL (LIMIT/OFFSET).

graphene's default ConnectionField calls ``len()`` on the iterable, which
would load a customer's whole history to show one page.
"""
from graphql.error import GraphQLError
from graphql_relay.connection.arrayconnection import connection_from_list_slice
from graphene.relay import PageInfo

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


def _check_page_size(name, value):
    if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
        raise GraphQLError(
            "Argument '%s' must be between 0 and %d, got %d." % (name, MAX_PAGE_SIZE, value)
        )


def connection_from_queryset(queryset, args, connection_type):
    _check_page_size("first", args.get("first"))
    _check_page_size("last", args.get("last"))
    if args.get("first") is None and args.get("last") is None:
        args = dict(args, first=DEFAULT_PAGE_SIZE)
    total = queryset.count()
    connection = connection_from_list_slice(
        queryset,
        args,
        slice_start=0,
        list_length=total,
        list_slice_length=total,
        connection_type=connection_type,
        edge_type=connection_type.Edge,
        pageinfo_type=PageInfo,
    )
    connection.total_count = total
    return connection
