"""Relay pagination by position in a sort order (keyset cursors), sliced in SQL.

Offset cursors ("the 20th row") shift whenever a row arrives above them: a
customer paging through their history while an order earns points would see
a row twice.  A keyset cursor names the last row seen by its sort values (for
the history: its time and id), and the next page is "rows after that one",
so new rows never move a page.  Every sort ends with the primary key, which
makes the order total and the cursor unique.

graphene's default ConnectionField calls ``len()`` on the iterable, which
would load a customer's whole history to show one page; here every page is
one LIMIT query plus one COUNT.
"""
import base64
import binascii
import json
import operator
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import Sequence

from django.db.models import Q
from graphene.relay import PageInfo
from graphql.error import GraphQLError

VALUE_TYPES = {"int": int, "str": str}
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class SortKey:
    """One column of a keyset order: its model field, direction and value kind."""

    field: str
    descending: bool = False
    kind: str = "int"  # "int", "str" or "datetime"

    def ordering(self, reverse: bool = False) -> str:
        return ("-" if self.descending != reverse else "") + self.field

    def encode(self, row):
        value = getattr(row, self.field)
        return value.isoformat() if self.kind == "datetime" else value

    def decode(self, value):
        if self.kind == "datetime":
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError(value)
            return moment
        if type(value) is not VALUE_TYPES[self.kind]:  # noqa: E721 - a bool is no int here
            raise ValueError(value)
        return value


def _check_page_size(name, value):
    if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
        raise GraphQLError(
            "Argument '%s' must be between 0 and %d, got %d." % (name, MAX_PAGE_SIZE, value)
        )


def encode_cursor(tag: str, keys: Sequence[SortKey], row) -> str:
    payload = json.dumps([tag] + [key.encode(row) for key in keys], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode()


def decode_cursor(tag: str, keys: Sequence[SortKey], cursor: str) -> list:
    """The sort values a cursor names; a GraphQL error for anyone else's cursor."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor.encode()).decode())
        if not isinstance(payload, list) or payload[0] != tag or len(payload) != len(keys) + 1:
            raise ValueError(cursor)
        return [key.decode(value) for key, value in zip(keys, payload[1:])]
    except (ValueError, TypeError, IndexError, binascii.Error, UnicodeError):
        raise GraphQLError("Invalid cursor: pass a cursor this list returned.")


def beyond(keys: Sequence[SortKey], values: list, *, forward: bool) -> Q:
    """Rows strictly after (``forward``) or before the row with these sort values."""
    alternatives = []
    for position, key in enumerate(keys):
        earlier_equal = {k.field: v for k, v in zip(keys[:position], values[:position])}
        later = "lt" if key.descending == forward else "gt"
        alternatives.append(
            Q(**earlier_equal, **{"%s__%s" % (key.field, later): values[position]}))
    return reduce(operator.or_, alternatives)


def keyset_connection(queryset, args, connection_type, *, tag: str, keys: Sequence[SortKey]):
    """One page of ``queryset`` in ``keys`` order, as a Relay connection with totalCount."""
    first, last = args.get("first"), args.get("last")
    after, before = args.get("after"), args.get("before")
    _check_page_size("first", first)
    _check_page_size("last", last)
    if first is not None and last is not None:
        raise GraphQLError("Pass either 'first' or 'last', not both.")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    total = queryset.count()
    page = queryset
    if after:
        page = page.filter(beyond(keys, decode_cursor(tag, keys, after), forward=True))
    if before:
        page = page.filter(beyond(keys, decode_cursor(tag, keys, before), forward=False))
    backwards = last is not None
    size = last if backwards else first
    rows = list(page.order_by(*(key.ordering(reverse=backwards) for key in keys))[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    edges = [connection_type.Edge(node=row, cursor=encode_cursor(tag, keys, row)) for row in rows]
    page_info = PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        # a cursor this list returned names a row on its other side
        has_previous_page=more if backwards else bool(after),
        has_next_page=bool(before) if backwards else more,
    )
    return connection_type(edges=edges, page_info=page_info, total_count=total)
