"""The demo's URLs: the plugin's Saleor 3 URLconf plus the Saleor Dashboard.

The dashboard is served from the API's origin under ``/dashboard/`` (no CORS):
files as they are, ``index.html`` for any other path below it (the dashboard's
own routes), never cached, and with its ``API_URL`` line pointing at the
relative ``/graphql/``.
"""
import mimetypes
import os
import re
from functools import lru_cache

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import re_path
from django.views.generic import RedirectView

from saleor_loyalty_plugin.hosts.saleor3.urls import urlpatterns as loyalty_urlpatterns

from .beat import start_demo_beat
from .mail_views import mail_message, mail_page, mail_run
from .shopfront.views import storefront_page

# Only the key at the start of a line: EXTENSIONS_API_URL is another key.
API_URL_LINE = re.compile(r'^(\s*)API_URL:.*$', re.MULTILINE)
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("application/javascript", ".mjs")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/wasm", ".wasm")


def dashboard_dir():
    folder = getattr(settings, "DASHBOARD_DIR", "")
    return folder if folder and os.path.isfile(os.path.join(folder, "index.html")) else None


@lru_cache(maxsize=1)
def _index_html(folder):
    with open(os.path.join(folder, "index.html"), encoding="utf-8") as index:
        return API_URL_LINE.sub(r'\1API_URL: "/graphql/",', index.read(), count=1)


def dashboard(request, path=""):
    folder = dashboard_dir()
    if folder is None:
        raise Http404("The Saleor Dashboard is not installed in this demo.")
    root = os.path.realpath(folder)
    candidate = os.path.realpath(os.path.join(root, path))
    inside = candidate.startswith(root + os.sep)
    if path and inside and os.path.isfile(candidate) and not candidate.endswith("index.html"):
        content_type, encoding = mimetypes.guess_type(candidate)
        with open(candidate, "rb") as asset:
            response = HttpResponse(
                asset.read(), content_type=content_type or "application/octet-stream"
            )
        if encoding:
            response["Content-Encoding"] = encoding
        # Built files carry a content hash in their names; index.html is what changes.
        response["Cache-Control"] = "public, max-age=86400"
        return response
    response = HttpResponse(_index_html(folder), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def not_found(request, exception=None):
    return JsonResponse(
        {"error": "Not found. The API is at /graphql/, the dashboard at /dashboard/, the demo "
                  "storefront at /storefront/, its mail at /mail/."}, status=404
    )


def server_error(request):
    return JsonResponse({"error": "Server error."}, status=500)


urlpatterns = [
    re_path(r"^$", RedirectView.as_view(url="/dashboard/")),
    re_path(r"^dashboard$", RedirectView.as_view(url="/dashboard/")),
    re_path(r"^dashboard/(?P<path>.*)$", dashboard, name="dashboard"),
    re_path(r"^storefront$", RedirectView.as_view(url="/storefront/")),
    re_path(r"^storefront/(?P<name>[\w.-]*)$", storefront_page, name="storefront"),
    re_path(r"^mail/?$", mail_page, name="demo-mail"),
    re_path(r"^mail/run$", mail_run, name="demo-mail-run"),
    re_path(r"^mail/(?P<name>[\w-]+)$", mail_message, name="demo-mail-message"),
] + loyalty_urlpatterns
handler404 = not_found
handler500 = server_error
start_demo_beat()  # the server process loads this URLconf once, at its first request
