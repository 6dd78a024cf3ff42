"""Serving the ``<loyalty-widget>`` web component, one ES module, from the shop's own origin.

Storefronts import it with ``<script type="module" src=".../loyalty-widget.js">``.
A module script from another origin loads only with CORS, so the file is
sent with ``Access-Control-Allow-Origin: *`` (it is public, carries no
credentials and reads nothing but the shop's API).  An ETag lets browsers
revalidate cheaply; a new plugin version changes it.
"""
import hashlib
from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
WIDGET_FILE = "loyalty-widget.js"
# Where the merged URLconfs serve it (the Saleor 3 plugin route serves it beside its graphql/).
WIDGET_URL_PATTERN = r"^loyalty/loyalty-widget\.js$"


@lru_cache(maxsize=1)
def _widget_source():
    source = (WIDGET_DIR / WIDGET_FILE).read_bytes()
    return source, '"%s"' % hashlib.sha256(source).hexdigest()[:32]


def widget_script(request, *args, **kwargs):
    """The widget module: GET/HEAD only, cacheable, importable from any storefront origin."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    source, etag = _widget_source()
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response
