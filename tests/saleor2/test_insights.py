"""Merchant insights on Saleor 2.10 (shop time zone America/Chicago), figures by hand.

Tees $24, shipping $20; period February 2024 in Chicago:
  dee 2023-02-20 $44   amy 2023-12-10 $44   amy 2024-02-10 $68 (two tees)
  ben 2024-03-01 03:00 UTC = 29 February 21:00 in Chicago: $44, a February order
  cal 2024-02-15, authorized but never captured (not paid: never counts)
S (window before 1 Feb) = dee, amy = 2; E (before 1 March) = amy, ben = 2; N = ben
-> ((2 - 1) / 2) x 100 = 50%.
"""
import csv
import io
import json
from datetime import datetime, timezone as tz

import pytest
from django.core.management import call_command
from django.test import Client
from freezegun import freeze_time

from .conftest import STAFF_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

INSIGHTS = """
query Insights($period: LoyaltyInsightPeriod, $date: Date, $from: Date, $to: Date) {
  loyaltyInsights(period: $period, date: $date, from: $from, to: $to) {
    channel currency periodStart periodEnd
    retention { customersAtStart customersAtEnd newCustomers retentionRate }
    customers orders revenue { amount } repeatPurchaseRate averageOrderValue { amount }
    topCustomers topRevenueShare
    bestCustomers(first: 5) { totalCount nodes { email orders revenue { amount } country
      topCategories daysSinceLastOrder } }
    programHealth { pointsIssued pointsOutstanding liability { amount } membersPerTier { tier } }
  }
}"""


def utc(*args):
    return datetime(*args, tzinfo=tz.utc)


@pytest.fixture
def february_shop(storefront, shop, enable_loyalty):
    enable_loyalty()
    tee = shop.variants["TEE-ORGANIC"]
    for email, quantity, moment, payment in [
        ("dee@example.com", 1, utc(2023, 2, 20, 18), "charged"),
        ("amy@example.com", 1, utc(2023, 12, 10, 18), "charged"),
        ("amy@example.com", 2, utc(2024, 2, 10, 18), "charged"),
        ("ben@example.com", 1, utc(2024, 3, 1, 3), "charged"),
        ("cal@example.com", 1, utc(2024, 2, 15, 18), "not-charged"),
    ]:
        with freeze_time(moment):
            storefront.checkout([(tee, quantity)], email=email,
                                shipping_method=shop.shipping_method, payment_token=payment)
    return shop


def insights(graphql, storefront, **variables):
    with freeze_time(utc(2024, 3, 10, 12)):
        token = storefront.login("staff@example.com", STAFF_PASSWORD)
        return graphql.execute(INSIGHTS, variables, token)["loyaltyInsights"]


def test_february_in_the_shops_time_zone(february_shop, graphql, storefront, staff_token):
    result = insights(graphql, storefront, period="MONTH", date="2024-02-01")

    assert result["channel"] is None and result["currency"] == "USD"
    assert result["periodStart"].startswith("2024-02-01T00:00:00-06:00")
    assert result["retention"] == {"customersAtStart": 2, "customersAtEnd": 2,
                                   "newCustomers": 1, "retentionRate": 50.0}
    assert (result["customers"], result["orders"]) == (2, 2)
    assert result["revenue"] == {"amount": 112.0}
    assert result["repeatPurchaseRate"] == 0.0
    assert result["averageOrderValue"] == {"amount": 56.0}
    assert (result["topCustomers"], result["topRevenueShare"]) == (1, 60.71)
    assert result["bestCustomers"] == {"totalCount": 1, "nodes": [{
        "email": "amy@example.com", "orders": 1, "revenue": {"amount": 68.0}, "country": "US",
        "topCategories": ["Apparel"], "daysSinceLastOrder": 19}]}
    assert result["programHealth"] == {"pointsIssued": 0, "pointsOutstanding": 0,
                                       "liability": None, "membersPerTier": []}


def test_clerk_can_read_insights_customers_cannot(february_shop, graphql, storefront,
                                                  limited_staff_token, customer):
    status, body = graphql.raw(INSIGHTS, {"period": "YEAR", "date": "2024-01-01"},
                               limited_staff_token)
    assert status == 200 and body["data"]["loyaltyInsights"]["orders"] == 2
    status, body = graphql.raw(INSIGHTS, {"period": "YEAR"}, customer.token)
    assert body["data"]["loyaltyInsights"] is None
    assert "MANAGE_ORDERS or MANAGE_USERS" in body["errors"][0]["message"]


def test_report_command_matches_the_api(february_shop, graphql, storefront, staff_token):
    api = insights(graphql, storefront, period="CUSTOM", **{"from": "2024-02-01",
                                                            "to": "2024-02-29"})
    out = io.StringIO()
    with freeze_time(utc(2024, 3, 10, 12)):
        call_command("loyalty_report", "--from", "2024-02-01", "--to", "2024-02-29",
                     "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["retention_rate"] == "50.00" == "%.2f" % api["retention"]["retentionRate"]
    assert (report["customers"], report["orders"], report["revenue"]) == (2, 2, "112.00")
    assert report["top_revenue_share"] == "60.71"
    out = io.StringIO()
    call_command("loyalty_report", "--from", "2024-02-01", "--to", "2024-02-29",
                 "--format", "csv", stdout=out)
    rows = dict(csv.reader(io.StringIO(out.getvalue())))
    assert rows["metric"] == "value" and rows["new_customers"] == "1"
    assert rows["average_order_value"] == "56.00"
    out = io.StringIO()
    call_command("loyalty_report", "--from", "2024-02-01", "--to", "2024-02-29",
                 "--best-customers", stdout=out)
    table = list(csv.reader(io.StringIO(out.getvalue())))
    assert table[0][:3] == ["rank", "email", "orders"]
    assert [row[:3] for row in table[1:]] == [["1", "amy@example.com", "1"]]


def test_staff_page_signs_in_and_shows_the_figures(february_shop, staff_token):
    client = Client()
    assert "Sign in" in client.get("/loyalty/insights/").content.decode()
    refused = client.post("/loyalty/insights/", {"email": "staff@example.com", "password": "x"})
    assert refused.status_code == 401
    signed_in = client.post("/loyalty/insights/?period=month&date=2024-02-01",
                            {"email": "staff@example.com", "password": STAFF_PASSWORD})
    assert signed_in.status_code == 303
    with freeze_time(utc(2024, 3, 10, 12)):
        page = client.get(signed_in["Location"]).content.decode()
        exported = client.get("/loyalty/insights/?period=month&date=2024-02-01&format=csv")
    assert 'data-figure="retention.retentionRate">50<' in page
    assert '<th>Revenue (USD)</th><td class=n data-figure="revenue.amount">112.00<' in page
    assert page.count("<svg") == 5
    assert b"".join(exported.streaming_content).decode().splitlines()[1].startswith(
        "1,amy@example.com,1,68")
