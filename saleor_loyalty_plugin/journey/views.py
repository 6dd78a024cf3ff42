"""The one-click unsubscribe page (GET from the link, POST from mail clients, RFC 8058)."""
from django.http import HttpResponse
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from ..core.errors import LoyaltyError
from ..hosts import host
from .opt_outs import unsubscribe

PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head>"
        "<body><h1>%s</h1><p>%s</p></body></html>")


@csrf_exempt
def unsubscribe_view(request):
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    token = request.GET.get("token") or request.POST.get("token") or ""
    with host.writer_access():
        try:
            opted = unsubscribe(token)
        except LoyaltyError as error:
            return _page("Unsubscribe", error.message, status=400)
    what = "marketing e-mails" if opted.scope == "marketing" else "loyalty e-mails"
    return _page("Unsubscribed", "%s will get no more %s from us." % (opted.email, what))


def _page(title, text, status=200):
    return HttpResponse(PAGE % (escape(title), escape(title), escape(text)), status=status,
                        content_type="text/html; charset=utf-8")
