"""The staff insights page and its best-customers CSV.

The page runs the ``loyaltyInsights`` GraphQL query itself, as the signed-in
staff member, and prints what it answers: the numbers on the page are the
API's numbers by construction.  Charts are SVG drawn here (``charts.py``).
Served at the Saleor 3 plugin route (``/plugins/channel/<slug>/<plugin>/insights/``)
and at ``/loyalty/insights/`` in both hosts' URLconfs.
"""
from html import escape

from django.http import HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse

from ..core.errors import LoyaltyError
from ..core.insights import PERIODS
from ..core.money import shown_money
from ..insights.report import best_customers_csv
from ..insights.scope import insight_scope
from . import auth, charts
from .page_query import PAGE_QUERY, parse_day

FIGURES = (
    ("Customers at start (S)", ("retention", "customersAtStart")),
    ("Customers at end (E)", ("retention", "customersAtEnd")),
    ("New customers (N)", ("retention", "newCustomers")),
    ("Retention ((E − N) / S × 100, %)", ("retention", "retentionRate")),
    ("Buyers", ("customers",)),
    ("Orders", ("orders",)),
    ("Revenue", ("revenue", "amount")),
    ("Repeat-purchase rate (%)", ("repeatPurchaseRate",)),
    ("Purchase frequency", ("purchaseFrequency",)),
    ("Average days between orders", ("averageDaysBetweenOrders",)),
    ("Average order value", ("averageOrderValue", "amount")),
    ("Revenue per customer", ("revenuePerCustomer", "amount")),
    ("Best customers", ("topCustomers",)),
    ("Best customers' share of revenue (%)", ("topRevenueShare",)),
    ("Points issued", ("programHealth", "pointsIssued")),
    ("Points redeemed", ("programHealth", "pointsRedeemed")),
    ("Points expired", ("programHealth", "pointsExpired")),
    ("Points outstanding", ("programHealth", "pointsOutstanding")),
    ("Outstanding liability", ("programHealth", "liability", "amount")),
    ("Redemption rate (%)", ("programHealth", "redemptionRate")),
)

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#111;max-width:1200px}
h1{font-size:22px} h2{font-size:16px;margin-top:28px} table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left} td.n{text-align:right}
.charts{display:flex;flex-wrap:wrap;gap:16px} figure{margin:0} .error{color:#b91c1c}
"""


def _dig(data, path):
    for key in path:
        if data is None:
            return None
        data = data.get(key)
    return data


def _text(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        return "%g" % value
    return escape(str(value))


def _money_text(value, currency: str):
    """An amount with the currency's own decimals (180.00 dollars, 1800 yen)."""
    if value is None:
        return "–"
    return str(shown_money(value, currency))


def _figure_text(path, value, currency: str):
    return _money_text(value, currency) if path[-1] == "amount" else _text(value)


def _page(title, body, status=200):
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>'
            '<style>%s</style></head><body>%s</body></html>' % (escape(title), STYLE, body))
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Frame-Options"] = "DENY"
    return response


def _sign_in_form(message=""):
    error = '<p class="error" role="alert">%s</p>' % escape(message) if message else ""
    return _page("Sign in: loyalty insights", """
<h1>Loyalty insights</h1><p>Staff with <b>Manage orders</b> or <b>Manage customers</b>.</p>%s
<form method="post"><label>E-mail <input name="email" type="email" required></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button></form>""" % error, status=401 if message else 200)


def _variables(params):
    period = (params.get("period") or "month").lower()
    variables = {"period": period.upper() if period in PERIODS else "MONTH"}
    for name in ("date", "from", "to"):
        if parse_day(params.get(name)):
            variables[name] = params[name]
    return variables


def _period_form(variables):
    options = "".join('<option value="%s"%s>%s</option>' % (
        kind, " selected" if variables["period"] == kind.upper() else "", kind)
        for kind in PERIODS)
    return ('<form method="get" class="period"><label>Period <select name="period">%s</select>'
            '</label> <label>Day <input type="date" name="date" value="%s"></label> '
            '<label>From <input type="date" name="from" value="%s"></label> '
            '<label>To <input type="date" name="to" value="%s"></label> '
            '<button type="submit">Show</button></form>' % (
                options, escape(variables.get("date", "")), escape(variables.get("from", "")),
                escape(variables.get("to", ""))))


def _charts(insights):
    retention = [(point["periodStart"][:7], point["retentionRate"])
                 for point in insights["retentionOverTime"]]
    cohorts = [(row["month"][:7], row["customers"], row["retention"]) for row in insights["cohorts"]]
    pareto = [("%g%%" % point["customerShare"], point["revenueShare"])
              for point in insights["paretoCurve"]]
    health = insights["programHealth"]
    tiers = [(row["tier"] or "no tier", row["members"]) for row in health["membersPerTier"]]
    liability = [(point["at"][:7], (point["liability"] or {}).get("amount",
                                                                  point["pointsOutstanding"]))
                 for point in health["liabilityOverTime"]]
    drawn = [
        ("retention", "Retention over time (%)", charts.line_chart("Retention over time", retention, 100)),
        ("cohorts", "Cohorts: % buying n months after the first", charts.heat_map("Cohort retention", cohorts)),
        ("pareto", "Pareto curve: share of revenue by share of buyers", charts.line_chart("Pareto curve", pareto, 100)),
        ("tiers", "Members per tier", charts.bar_chart("Members per tier", tiers)),
        ("liability", "Liability over time (%s)" % ("money" if any(
            point["liability"] for point in health["liabilityOverTime"]) else "points"),
         charts.line_chart("Liability over time", liability)),
    ]
    return '<div class="charts">%s</div>' % "".join(
        '<figure data-chart="%s"><figcaption>%s</figcaption>%s</figure>' % (key, escape(caption), svg)
        for key, caption, svg in drawn)


def _best_customers(insights):
    rows = "".join(
        "<tr><td class=n>%d</td><td>%s</td><td class=n>%d</td><td class=n>%s</td>"
        "<td class=n>%s</td><td class=n>%d</td><td>%s</td><td>%s</td><td>%s</td></tr>" % (
            node["rank"], escape(node["email"]), node["orders"],
            _money_text(node["revenue"]["amount"], insights["currency"]),
            _money_text(node["averageOrderValue"]["amount"], insights["currency"]),
            node["daysSinceLastOrder"],
            escape(node["country"]), escape(node["tier"]), escape(", ".join(node["topCategories"])))
        for node in insights["bestCustomers"]["nodes"])
    return ('<table id="best-customers"><thead><tr><th>#</th><th>E-mail</th><th>Orders</th>'
            '<th>Revenue (%s)</th><th>AOV</th><th>Days since last order</th><th>Country</th>'
            '<th>Tier</th><th>Top categories</th></tr></thead><tbody>%s</tbody></table>' % (
                escape(insights["currency"]), rows))


def _render(insights, variables, csv_query):
    currency = insights["currency"]
    figures = "".join('<tr><th>%s</th><td class=n data-figure="%s">%s</td></tr>' % (
        escape(label + (" (%s)" % currency if path[-1] == "amount" else "")), ".".join(path),
        _figure_text(path, _dig(insights, path), currency)) for label, path in FIGURES)
    extra = "".join('<tr><th>%s</th><td class=n data-health="%s">%s</td></tr>' % (
        escape(figure["label"]), escape(figure["key"]), _text(figure["value"]))
        for figure in insights["programHealth"]["figures"])
    title = "Loyalty insights: %s to %s (%s)" % (
        insights["periodStart"][:10], insights["periodEnd"][:10],
        escape(insights["channel"] or "all channels"))
    return _page(title, "<h1>%s</h1>%s<h2>Figures</h2><table id=figures>%s</table>"
                 "<h2>Charts</h2>%s<h2>Best customers</h2><p><a href=\"?%s\">Download CSV</a></p>%s"
                 "<h2>Program health</h2><table id=health>%s</table>" % (
                     title, _period_form(variables), figures, _charts(insights), csv_query,
                     _best_customers(insights), extra))


def insights_page(request, default_channel=None):
    """GET: the page (or the sign-in form); POST: sign in."""
    if request.method == "POST":
        user, cookie = auth.sign_in(request.POST.get("email"), request.POST.get("password"))
        if user is None:
            return _sign_in_form("Those are not the credentials of staff who may see insights.")
        return auth.remember(_redirect(request), cookie, request.is_secure())
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    user = auth.staff_of(request)
    if user is None:
        return _sign_in_form()
    variables = _variables(request.GET)
    channel = request.GET.get("channel") or default_channel
    if request.GET.get("format") == "csv":
        return _csv(variables, channel)
    from ..graphql.schema import schema

    request.user = user
    request.loyalty_default_channel = channel
    result = schema.execute(PAGE_QUERY, variable_values=variables, context_value=request)
    if result.errors:
        return _page("Loyalty insights", '<h1>Loyalty insights</h1>%s<p class="error" role="alert">'
                     '%s</p>' % (_period_form(variables), escape(str(result.errors[0]))), 400)
    query = request.GET.copy()
    query["format"] = "csv"
    return _render(result.data["loyaltyInsights"], variables, escape(query.urlencode()))


def _redirect(request):
    response = HttpResponse(status=303)
    response["Location"] = request.get_full_path()
    return response


def _csv(variables, channel):
    try:
        scope = insight_scope(channel=channel, period=variables["period"].lower(),
                              day=parse_day(variables.get("date")),
                              first=parse_day(variables.get("from")),
                              last=parse_day(variables.get("to")))
    except LoyaltyError as error:
        return HttpResponse("%s: %s" % (error.field, error.message), status=400,
                            content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(best_customers_csv(scope), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="best-customers.csv"'
    return response
