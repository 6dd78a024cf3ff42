"""Who is asking, and for which channel: the only request reads resolvers make."""
from graphql.error import GraphQLError

from ..core.errors import LoyaltyError
from ..core.text import clean_text
from ..hosts import host

# The permission codename Saleor checks for managing customers (2.10 and 3.x).
MANAGE_USERS = "account.manage_users"


def request_user(info):
    """The authenticated user, or None for an anonymous request.

    Saleor 3's /graphql/ gives anonymous requests a lazy object wrapping None,
    which is not None itself but has no ``is_authenticated``.
    """
    user = getattr(info.context, "user", None)
    if getattr(user, "is_authenticated", False):
        return user
    return None


def has_manage_users(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MANAGE_USERS))


def require_manage_users(info):
    user = request_user(info)
    if not has_manage_users(user):
        raise GraphQLError(
            "You do not have permission to perform this action (needs MANAGE_USERS)."
        )
    return user


def query_text(value, *, field):
    """A query's text argument, or a GraphQL error with a plain message.

    Queries have no ``errors`` field, so the core's refusal becomes the
    GraphQL error itself, before the text can reach the database.
    """
    try:
        return clean_text(value, field=field)
    except LoyaltyError as error:
        raise GraphQLError(error.message)


def channel_for(info, channel_argument):
    """The channel a query is about: the argument, or the route's channel.

    Raises a GraphQL error naming the channel when it does not exist.
    """
    query_text(channel_argument, field="channel")
    requested = channel_argument or getattr(info.context, "loyalty_default_channel", None)
    slug = host.normalize_channel(requested)
    if slug is None:
        if requested:
            raise GraphQLError("Channel '%s' does not exist." % requested)
        raise GraphQLError("This shop has several channels; pass the channel argument.")
    return slug
