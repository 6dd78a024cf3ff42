"""The demo's /mail/ page: what the journey sent, and buttons to run it (as of later days)."""
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from saleor_loyalty_plugin.hosts import host
from saleor_loyalty_plugin.journey.services import run_journey
from saleor_loyalty_plugin.program.selectors import active_program_for

from ..mailcatcher import mail_page_html, message_html


def mail_page(request):
    return HttpResponse(mail_page_html(settings.DEMO_DIR, run_url="/mail/run"),
                        content_type="text/html; charset=utf-8")


def mail_message(request, name):
    body = message_html(settings.DEMO_DIR, name)
    if body is None:
        raise Http404("No such message.")
    return HttpResponse(body, content_type="text/html; charset=utf-8")


@csrf_exempt
def mail_run(request):
    """Run the journey as of now (or N days later: the demo's way to show later steps)."""
    if request.method != "POST":
        return HttpResponseRedirect("/mail/")
    days = int(request.POST.get("days") or 0)
    with host.writer_access():
        run_journey(now=timezone.now() + timedelta(days=min(max(days, 0), 60)),
                    settings_for=active_program_for)
    return HttpResponseRedirect("/mail/")
