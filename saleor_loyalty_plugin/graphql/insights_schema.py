"""The staff's ``loyaltyInsights`` query (MANAGE_ORDERS or MANAGE_USERS)."""
import graphene
from graphql.error import GraphQLError

from ..core.errors import LoyaltyError
from ..insights.scope import insight_scope
from .context import has_manage_users, query_text, request_user
from .insight_types import InsightsRoot, LoyaltyInsightPeriod, LoyaltyInsights

MANAGE_ORDERS = "order.manage_orders"


def can_see_insights(user) -> bool:
    return has_manage_users(user) or bool(user and user.is_active and user.has_perm(MANAGE_ORDERS))


def require_insights_access(info):
    user = request_user(info)
    if not can_see_insights(user):
        raise GraphQLError(
            "You do not have permission to perform this action (needs MANAGE_ORDERS or "
            "MANAGE_USERS).")
    return user


def insights_for(*, channel, period, day=None, first=None, last=None) -> InsightsRoot:
    """The root object of an insights answer, or a GraphQL error naming what is wrong."""
    try:
        return InsightsRoot(insight_scope(channel=channel, period=period, day=day,
                                          first=first, last=last))
    except LoyaltyError as error:
        raise GraphQLError("%s: %s" % (error.field, error.message))


class InsightQueries(graphene.ObjectType):
    loyalty_insights = graphene.Field(
        LoyaltyInsights,
        channel=graphene.String(description=(
            "Channel slug; omitted: every channel together (refused when their currencies "
            "differ). At the plugin route, the route's channel.")),
        period=LoyaltyInsightPeriod(description=(
            "A calendar month, quarter or year (shop time zone) containing 'date', or CUSTOM "
            "from 'from' to 'to' (both days included). Default MONTH.")),
        date=graphene.Date(description="A day in the period; default today."),
        date_from=graphene.Date(name="from", description="First day of a CUSTOM period."),
        date_to=graphene.Date(name="to", description="Last day of a CUSTOM period."),
        description=(
            "Retention, repeat purchase, best customers and program health for a period. "
            "Requires MANAGE_ORDERS or MANAGE_USERS."),
    )

    def resolve_loyalty_insights(root, info, channel=None, period=None, date=None,
                                 date_from=None, date_to=None):
        require_insights_access(info)
        period = period or "month"
        query_text(channel, field="channel")
        channel = channel or getattr(info.context, "loyalty_default_channel", None)
        return insights_for(channel=channel, period=period, day=date, first=date_from,
                            last=date_to)
