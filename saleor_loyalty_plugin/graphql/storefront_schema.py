"""Queries for storefronts and staff lists: a checkout in points, accounts to browse.

Mixed into ``LoyaltyQueries`` like every feature's queries.
"""
import graphene
from graphql.error import GraphQLError

from ..core.errors import LoyaltyError
from ..ledger.account_search import accounts_in_channel
from ..storefront.selectors import checkout_loyalty_for
from .account_list_types import (
    LoyaltyAccountCountableConnection,
    LoyaltyAccountFilterInput,
    LoyaltyAccountSortingInput,
    sort_keys,
)
from .context import channel_for, query_text, request_user, require_manage_users
from .mutations.redeem_points import checkout_token_from
from .pagination import keyset_connection
from .storefront_types import LoyaltyCheckout


class StorefrontQueries(graphene.ObjectType):
    checkout_loyalty = graphene.Field(
        LoyaltyCheckout,
        checkout_id=graphene.ID(required=True, description="Saleor's ID of the checkout."),
        description=(
            "A checkout in points: what it earns, the most points usable on it and their "
            "value, the redemption and reward on it. A checkout with a customer answers only "
            "that customer; null when not found."
        ),
    )
    loyalty_accounts = graphene.relay.ConnectionField(
        LoyaltyAccountCountableConnection,
        channel=graphene.String(description="Channel slug (Saleor 3)."),
        filter=LoyaltyAccountFilterInput(),
        sort_by=LoyaltyAccountSortingInput(description="Default: e-mail, A to Z."),
        description="Loyalty accounts of a channel to search and browse. Requires MANAGE_USERS.",
    )

    def resolve_checkout_loyalty(root, info, checkout_id):
        query_text(checkout_id, field="checkoutId")
        try:
            token = checkout_token_from(checkout_id)
        except LoyaltyError as error:
            raise GraphQLError(error.message)
        view = checkout_loyalty_for(user=request_user(info), checkout_token=token)
        return LoyaltyCheckout.of(view) if view else None

    def resolve_loyalty_accounts(root, info, channel=None, filter=None, sort_by=None, **args):
        require_manage_users(info)
        slug = channel_for(info, channel)
        filter = filter or {}
        tiers = filter.get("tiers")
        accounts = accounts_in_channel(
            slug, search=query_text(filter.get("search"), field="search"),
            tiers=None if tiers is None else [query_text(t, field="tiers") for t in tiers],
            min_points_balance=filter.get("min_points_balance"),
            max_points_balance=filter.get("max_points_balance"),
        )
        tag, keys = sort_keys(sort_by)
        return keyset_connection(accounts, args, LoyaltyAccountCountableConnection,
                                 tag=tag, keys=keys)
