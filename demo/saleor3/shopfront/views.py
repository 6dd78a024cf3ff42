"""The demo storefront page at ``/storefront/``: static files from this folder.

A page a shopper uses end to end (sign in, add to cart, pay part with points,
see the points arrive) against Saleor's own API on the same origin, with the
plugin's ``<loyalty-widget>`` served by the plugin's URLconf.
"""
import mimetypes
from pathlib import Path

from django.http import Http404, HttpResponse

FOLDER = Path(__file__).resolve().parent
FILES = {"": "index.html", "shop.js": "shop.js", "shop.css": "shop.css"}


def storefront_page(request, name=""):
    if name not in FILES:
        raise Http404("No such file in the demo storefront.")
    path = FOLDER / FILES[name]
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if content_type.startswith("text/") or content_type.endswith("javascript"):
        content_type += "; charset=utf-8"
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["Cache-Control"] = "no-cache"
    return response
