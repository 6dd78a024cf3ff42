"""Pages behind the links in mail: one-click unsubscribe (GET from the link, POST from
mail clients, RFC 8058) and a plain survey form for shops without a survey page."""
from django.http import HttpResponse
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt

from ..core.errors import LoyaltyError
from ..hosts import host
from .opt_outs import unsubscribe

PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head>"
        "<body><h1>%s</h1>%s</body></html>")


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
    return HttpResponse(PAGE % (escape(title), escape(title), "<p>%s</p>" % escape(text)),
                        status=status,
                        content_type="text/html; charset=utf-8")


@csrf_exempt
def survey_view(request):
    """The default survey page (when the shop sets no survey page URL of its own)."""
    from django.utils import timezone

    from ..core.journey import KIND_CHOICE, KIND_SCALE
    from .selectors import has_response
    from .survey import submit_survey, survey_order

    token = request.GET.get("token") or request.POST.get("token") or ""
    with host.writer_access():
        try:
            order, program = survey_order(token)
            if request.method == "POST":
                answers = {q.key: request.POST.get(q.key, "") for q in program.journey.questions}
                submit_survey(token=token, answers=answers, now=timezone.now())
                return _page("Thank you", "Your answers help us do better.")
            if has_response(str(order.pk)):
                return _page("Thank you", "This order's survey was already answered.")
        except LoyaltyError as error:
            return _page("Survey", error.message, status=400)
    fields = []
    for question in program.journey.questions:
        if question.kind == KIND_CHOICE:
            control = "".join('<label><input type="radio" name="%s" value="%s"> %s</label> '
                              % (escape(question.key), escape(c), escape(c))
                              for c in question.choices)
        elif question.kind == KIND_SCALE:
            control = "".join('<label><input type="radio" name="%s" value="%d"> %d</label> '
                              % (escape(question.key), n, n) for n in range(11))
        else:
            control = '<textarea name="%s" maxlength="500"></textarea>' % escape(question.key)
        fields.append("<fieldset><legend>%s</legend>%s</fieldset>" % (escape(question.text),
                                                                     control))
    form = ('<form method="post"><input type="hidden" name="token" value="%s">%s'
            '<button>Send</button></form>' % (escape(token), "".join(fields)))
    return HttpResponse(PAGE % ("Survey", "How did we do?", form),
                        content_type="text/html; charset=utf-8")
