"""The demo's URLs: the plugin's Saleor 2.10 URLconf, plus friendly / and 404."""
from django.conf.urls import url
from django.http import JsonResponse
from django.views.generic import RedirectView

from saleor_loyalty_plugin.hosts.saleor2.urls import urlpatterns as loyalty_urlpatterns

urlpatterns = [url(r"^$", RedirectView.as_view(url="/graphql/"))] + loyalty_urlpatterns


def not_found(request, exception=None):
    return JsonResponse({"error": "Not found. The API is at /graphql/."}, status=404)


def server_error(request):
    return JsonResponse({"error": "Server error."}, status=500)


handler404 = not_found
handler500 = server_error
