"""URLconf for Saleor 2.10: Saleor's URLs with ``/graphql/`` serving the merged schema.

Use it as ROOT_URLCONF (``hosts.saleor2.settings.install`` does), so
storefronts keep one GraphQL endpoint that also answers loyalty queries.
"""
from django.conf.urls import url
from django.views.decorators.csrf import csrf_exempt
from saleor.urls import urlpatterns as saleor_urlpatterns

from ...journey.views import survey_view, unsubscribe_view
from ...insights_page.views import insights_page
from ...storefront.views import WIDGET_URL_PATTERN, widget_script


def merged_graphql_view():
    """Saleor 2.10's GraphQL view serving Saleor's schema merged with ours."""
    from graphene_federation import build_schema
    from saleor.graphql.api import Mutation, Query
    from saleor.graphql.views import GraphQLView

    from ...graphql.graphiql import graphiql_response
    from ...graphql.schema import build_merged_schema
    from .mutations import checkout_mutation_overrides

    class MergedGraphQLView(GraphQLView):
        def render_playground(self, request):
            return graphiql_response("JWT")

    schema = build_merged_schema(
        Query, Mutation, build=build_schema,
        mutation_overrides=checkout_mutation_overrides(Mutation),
    )
    return csrf_exempt(MergedGraphQLView.as_view(schema=schema))


urlpatterns = [
    url(r"^graphql/", merged_graphql_view(), name="api"),
    url(WIDGET_URL_PATTERN, widget_script, name="loyalty-widget"),
    url(r"^loyalty/unsubscribe/$", unsubscribe_view, name="loyalty-unsubscribe"),
    url(r"^loyalty/survey/$", survey_view, name="loyalty-survey"),
    url(r"^loyalty/insights/$", csrf_exempt(insights_page), name="loyalty-insights"),
] + [
    pattern for pattern in saleor_urlpatterns if getattr(pattern, "name", None) != "api"
]
