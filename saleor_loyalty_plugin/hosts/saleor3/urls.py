"""URLconf for Saleor 3: Saleor's URLs with ``/graphql/`` serving the merged schema.

Saleor fixes its Query and Mutation in ``saleor/graphql/api.py`` and offers
plugins no way to extend them, so this module builds the same federated
schema again from Saleor's own parts (types, subscriptions, directives, the
``_entities``/``_service`` federation fields, field-usage monitoring) with
Query and Mutation that also carry the loyalty fields.  Saleor's own
``GraphQLView`` serves it, so tokens (``Authorization: Bearer``), apps,
the playground on GET, query cost limits and every Saleor query behave as
before; a storefront asks ``{ me { email } myLoyalty { pointsBalance } }``
in one request.

Use it as ROOT_URLCONF (``hosts.saleor3.settings.install`` does).
"""
from inspect import isclass

import graphene
from django.conf import settings
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from graphene.types.structures import Structure
from graphene.types.utils import get_type
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLCachedBackend
from saleor.core.utils.cache import CacheDict
from saleor.graphql import api as saleor_api
from saleor.graphql.core.federation.schema import build_federated_schema
from saleor.graphql.views import GraphQLView
from saleor.urls import urlpatterns as saleor_urlpatterns

from ...graphql.schema import LoyaltyMutations, LoyaltyQueries, build_merged_schema
from ...insights_page.views import insights_page
from ...storefront.views import WIDGET_URL_PATTERN, widget_script
from .graphql_access import LoyaltyWriterAccess

# Added to the types by build_federated_schema itself; passing Saleor's built
# list back in would declare them twice.
_FEDERATION_TYPES = {"_Any", "_Entity", "_Service"}


def _adopt_saleor_scalars(roots, saleor_schema):
    """Point the loyalty fields at Saleor's scalar where both name one (``DateTime``).

    Saleor 3 declares its own ``DateTime`` (a stricter-parsing subclass of
    graphene's, same name and output) and a schema holds one type per name,
    so fields typed with graphene's scalar are re-pointed at Saleor's before
    the build.  The standalone loyalty schema is already built and keeps
    graphene's.  Only subclasses are adopted: same name, same serialisation.
    """
    saleor_scalars = {
        name: graphql_type.graphene_type
        for name, graphql_type in saleor_schema.get_type_map().items()
        if isclass(getattr(graphql_type, "graphene_type", None))
        and issubclass(graphql_type.graphene_type, graphene.Scalar)
    }
    visited = set()

    def adopt(type_):
        if isinstance(type_, Structure):  # NonNull / List around the real type
            type_._of_type = adopt(type_._of_type)
            return type_
        type_ = get_type(type_)
        if isclass(type_) and issubclass(type_, graphene.Scalar):
            saleor_scalar = saleor_scalars.get(type_._meta.name)
            if saleor_scalar is not None and issubclass(saleor_scalar, type_):
                return saleor_scalar
            return type_
        visit(type_)
        return type_

    def visit(graphene_type):
        if graphene_type in visited or not hasattr(graphene_type, "_meta"):
            return
        visited.add(graphene_type)
        for field in (getattr(graphene_type._meta, "fields", None) or {}).values():
            field._type = adopt(field._type)
            for argument in (getattr(field, "args", None) or {}).values():
                argument._type = adopt(argument._type)
        for related in (getattr(graphene_type._meta, "types", None) or ()) + tuple(
            getattr(graphene_type._meta, "interfaces", None) or ()
        ):
            visit(related)

    for root in roots:
        visit(root)


def _build_like_saleor(query, mutation):
    """``build_federated_schema`` with everything Saleor passes it but Query/Mutation."""
    saleor_schema = saleor_api.schema
    types = [
        graphene_type
        for graphene_type in saleor_schema.types
        if getattr(getattr(graphene_type, "_meta", None), "name", None) not in _FEDERATION_TYPES
    ]
    merged = build_federated_schema(
        query,
        mutation=mutation,
        types=types,
        subscription=saleor_schema._subscription,
        directives=saleor_schema._directives,
    )
    saleor_api.monitor_fields_usage(merged)
    return merged


_adopt_saleor_scalars((LoyaltyQueries, LoyaltyMutations), saleor_api.schema)
schema = build_merged_schema(saleor_api.Query, saleor_api.Mutation, build=_build_like_saleor)
# Saleor's backend validates eagerly and caches documents; a cache of our own
# keeps Saleor's schema and ours apart.
backend = GraphQLCachedBackend(saleor_api.SaleorGraphQLBackend(), cache_map=CacheDict(1000))

# Saleor's own graphene middleware, then writer access for the loyalty fields.
middleware = [GraphQLView.import_middleware(name) for name in settings.GRAPHQL_MIDDLEWARE] + [
    LoyaltyWriterAccess(
        to_camel_case(name)
        for root in (LoyaltyQueries, LoyaltyMutations)
        for name in root._meta.fields
    )
]

urlpatterns = [
    re_path(
        r"^graphql/$",
        csrf_exempt(GraphQLView.as_view(backend=backend, schema=schema, middleware=middleware)),
        name="api",
    ),
    re_path(WIDGET_URL_PATTERN, widget_script, name="loyalty-widget"),
    re_path(r"^loyalty/insights/$", csrf_exempt(insights_page), name="loyalty-insights"),
] + [pattern for pattern in saleor_urlpatterns if getattr(pattern, "name", None) != "api"]
