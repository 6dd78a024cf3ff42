"""URLconf for Saleor 2.10: Saleor's URLs with ``/graphql/`` serving the merged schema.

Use it as ROOT_URLCONF (``saleor_loyalty_plugin.saleor2.install`` does), so
storefronts keep one GraphQL endpoint that also answers loyalty queries.
"""
from django.conf.urls import url
from saleor.urls import urlpatterns as saleor_urlpatterns

from .graphql.views import merged_graphql_view

urlpatterns = [url(r"^graphql/", merged_graphql_view(), name="api")] + [
    pattern for pattern in saleor_urlpatterns if getattr(pattern, "name", None) != "api"
]
