"""Merchant insights on Saleor 3, with figures computed by hand.

Guests check out through Saleor's API at dates set with freezegun, a payment
app pays; the staff then read ``loyaltyInsights`` at the plugin route.

Orders ($10 a unit, $10 shipping), period March 2024, 12-month window:
  cat 2023-03-15 $20          eve 2023-05-01 $20     ann 2023-06-10 $20
  bob 2023-09-01 $20          ann 2024-03-05 $90     dan 2024-03-10 $30
  dan 2024-03-20 $40          cat 2024-03-12 $50, cancelled (never counts)
  gus 2024-03-15 $20, never paid (never counts)
S (window before 1 March) = cat, eve, ann, bob = 4;
E (window before 1 April) = eve, ann, bob, dan = 4; N = dan = 1  ->  (4 - 1) / 4 = 75%.
"""
import csv
import io
import json
from datetime import date, datetime, timezone as tz

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from freezegun import freeze_time

from . import flows
from .test_guest_orders import no_email_confirmation  # noqa: F401
from .test_account_listing import LADDER, SET_TIER
from .test_referrals import MY_CODE, REFERRAL_PROGRAM, claim

pytestmark = pytest.mark.django_db

INSIGHTS = """
query Insights($period: LoyaltyInsightPeriod, $date: Date, $from: Date, $to: Date) {
  loyaltyInsights(period: $period, date: $date, from: $from, to: $to) {
    channel currency periodStart periodEnd activityMonths topCustomerPercent
    retention { customersAtStart customersAtEnd newCustomers retentionRate }
    customers orders revenue { amount currency } repeatPurchaseRate purchaseFrequency
    averageDaysBetweenOrders averageOrderValue { amount } revenuePerCustomer { amount }
    cohorts { month customers retention }
    topCustomers topRevenueShare paretoCurve { customerShare revenueShare }
    bestCustomers(first: 10) { totalCount nodes {
      rank email orders revenue { amount } averageOrderValue { amount } daysSinceLastOrder
      country channel tier referred topCategories } }
    bestCustomersProfile { customers orders ordersPerCustomer averageOrderValue { amount }
      countries { value customers percent } channels { value percent } tiers { value customers }
      topCategories { value percent } referred }
    otherCustomersProfile { customers orders ordersPerCustomer averageOrderValue { amount } }
  }
}"""


def at(year, month, day):
    return datetime(year, month, day, 12, 0, tzinfo=tz.utc)


def guest_order(api_client, shop, payment_app, email, quantity, moment):
    with freeze_time(moment):
        return flows.checkout(api_client, shop, quantity, payment_app=payment_app, email=email)


@pytest.fixture
def march_shop(enable_loyalty, shop, api_client, payment_app, order_staff, offline_payments):
    enable_loyalty()
    for email, quantity, moment in [
        ("cat@example.com", 1, at(2023, 3, 15)), ("eve@example.com", 1, at(2023, 5, 1)),
        ("ann@example.com", 1, at(2023, 6, 10)), ("bob@example.com", 1, at(2023, 9, 1)),
        ("ann@example.com", 8, at(2024, 3, 5)), ("dan@example.com", 2, at(2024, 3, 10)),
        ("Dan@Example.com", 3, at(2024, 3, 20)),
    ]:
        order = guest_order(api_client, shop, payment_app, email, quantity, moment)
        assert order["chargeStatus"] == "FULL", order
    cancelled = guest_order(api_client, shop, payment_app, "cat@example.com", 4, at(2024, 3, 12))
    with freeze_time(at(2024, 3, 13)):
        order_staff.regenerate_access_token()
        flows.cancel(order_staff, cancelled["id"])
    with freeze_time(at(2024, 3, 15)):
        unpaid = flows.checkout(api_client, shop, 1, email="gus@example.com")
    assert unpaid["chargeStatus"] == "NONE"
    return shop


def insights(route, user, **variables):
    with freeze_time(at(2024, 4, 10)):
        return flows.loyalty(route, INSIGHTS, variables, user=user)["loyaltyInsights"]


def test_march_figures_by_hand(march_shop, loyalty_route, clerk):
    # when: staff who manage orders (not customers) read March 2024
    result = insights(loyalty_route, clerk, period="MONTH", date="2024-03-31")

    # then
    assert result["channel"] == march_shop.channel.slug
    assert result["currency"] == "USD"
    assert result["periodStart"].startswith("2024-03-01T00:00:00")
    assert result["periodEnd"].startswith("2024-04-01T00:00:00")
    assert (result["activityMonths"], result["topCustomerPercent"]) == (12, 20.0)
    assert result["retention"] == {"customersAtStart": 4, "customersAtEnd": 4,
                                   "newCustomers": 1, "retentionRate": 75.0}
    assert (result["customers"], result["orders"]) == (2, 3)
    assert result["revenue"] == {"amount": 160.0, "currency": "USD"}
    assert result["repeatPurchaseRate"] == 50.0
    assert result["purchaseFrequency"] == 1.5
    assert result["averageDaysBetweenOrders"] == 10.0
    assert result["averageOrderValue"] == {"amount": 53.33}
    assert result["revenuePerCustomer"] == {"amount": 80.0}
    # the best 20% of 2 buyers is one: ann's $90 of $160
    assert result["topCustomers"] == 1
    assert result["topRevenueShare"] == 56.25
    curve = result["paretoCurve"]
    assert curve[0] == {"customerShare": 0.0, "revenueShare": 0.0}
    assert curve[5] == {"customerShare": 50.0, "revenueShare": 56.25}
    assert curve[6] == {"customerShare": 60.0, "revenueShare": 100.0}


def test_cohort_table_by_hand(march_shop, loyalty_route, clerk):
    result = insights(loyalty_route, clerk, period="MONTH", date="2024-03-01")

    # then: first purchases from April 2023 to March 2024 (cat's first was March 2023)
    cohorts = {row["month"]: row for row in result["cohorts"]}
    assert sorted(cohorts) == ["2023-05-01", "2023-06-01", "2023-09-01", "2024-03-01"]
    assert cohorts["2023-05-01"]["retention"] == [100.0] + [0.0] * 10
    assert cohorts["2023-06-01"]["retention"] == [100.0] + [0.0] * 8 + [100.0]
    assert cohorts["2023-09-01"]["retention"] == [100.0] + [0.0] * 6
    assert cohorts["2024-03-01"] == {"month": "2024-03-01", "customers": 1, "retention": [100.0]}


def test_best_customers_and_what_they_share(march_shop, loyalty_route, clerk):
    result = insights(loyalty_route, clerk, period="MONTH", date="2024-03-31")
    category = march_shop.variant.product.category.name

    best = result["bestCustomers"]
    assert best["totalCount"] == 1
    assert best["nodes"] == [{
        "rank": 1, "email": "ann@example.com", "orders": 1, "revenue": {"amount": 90.0},
        "averageOrderValue": {"amount": 90.0},
        "daysSinceLastOrder": 26,  # 5 March noon to the period's end, 1 April
        "country": "US", "channel": march_shop.channel.slug, "tier": "", "referred": False,
        "topCategories": [category],
    }]
    top = result["bestCustomersProfile"]
    assert (top["customers"], top["orders"], top["ordersPerCustomer"]) == (1, 1, 1.0)
    assert top["averageOrderValue"] == {"amount": 90.0}
    assert top["countries"] == [{"value": "US", "customers": 1, "percent": 100.0}]
    assert top["channels"] == [{"value": march_shop.channel.slug, "percent": 100.0}]
    assert top["tiers"] == [{"value": "", "customers": 1}]
    assert top["topCategories"] == [{"value": category, "percent": 100.0}]
    assert top["referred"] == 0  # nobody here came by a referral
    rest = result["otherCustomersProfile"]
    assert (rest["customers"], rest["orders"], rest["ordersPerCustomer"]) == (1, 2, 2.0)
    assert rest["averageOrderValue"] == {"amount": 35.0}


def test_a_best_customers_referral_and_tier_are_shown(
    march_shop, enable_loyalty, order_staff, users_staff, no_email_confirmation,  # noqa: F811
    api_client, customer_user, loyalty_route, clerk
):
    # given: the shop turns referrals and a ladder on (staff sign in again: the shop was
    # built in 2024); ann registers with a customer's referral code and staff make her Gold
    order_staff.regenerate_access_token()
    enable_loyalty(tiers=json.dumps(LADDER), **REFERRAL_PROGRAM)
    code = flows.loyalty(loyalty_route, MY_CODE, user=customer_user)["myLoyalty"]["referralCode"]
    flows.register(api_client, march_shop, "ann@example.com")
    ann = get_user_model().objects.get(email="ann@example.com")
    assert claim(loyalty_route, ann, code)["errors"] == []
    set_tier = flows.loyalty(loyalty_route, SET_TIER, {"email": "ann@example.com", "tier": "gold"},
                             user=users_staff.user)
    assert set_tier["loyaltySetTier"]["errors"] == []

    # when
    result = insights(loyalty_route, clerk, period="MONTH", date="2024-03-31")

    # then: she is marked in the list, and counted in her group's profile only
    assert [(node["email"], node["referred"], node["tier"])
            for node in result["bestCustomers"]["nodes"]] == [("ann@example.com", True, "gold")]
    assert result["bestCustomersProfile"]["referred"] == 1
    assert result["bestCustomersProfile"]["tiers"] == [{"value": "gold", "customers": 1}]


def test_report_command_matches_the_api(march_shop, loyalty_route, clerk):
    # given: the API's March figures
    api = insights(loyalty_route, clerk, period="MONTH", date="2024-03-31")

    # when: the merchant exports them from the command line, and the best customers as CSV
    out = io.StringIO()
    with freeze_time(at(2024, 4, 10)):
        call_command("loyalty_report", "--from", "2024-03-01", "--to", "2024-03-31",
                     "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    table = io.StringIO()
    with freeze_time(at(2024, 4, 10)):
        call_command("loyalty_report", "--from", "2024-03-01", "--to", "2024-03-31",
                     "--best-customers", stdout=table)

    # then: the same figures, money in cents (Saleor 3 stores three decimals)
    assert (report["customers"], report["orders"], report["revenue"]) == (2, 3, "160.00")
    assert report["retention_rate"] == "%.2f" % api["retention"]["retentionRate"]
    assert report["repeat_purchase_rate"] == "50.00"
    rows = list(csv.reader(io.StringIO(table.getvalue())))
    assert rows[0][:4] == ["rank", "email", "orders", "revenue"]
    assert [row[:4] for row in rows[1:]] == [["1", "ann@example.com", "1", "90.00"]]


def test_quarter_and_custom_periods(march_shop, loyalty_route, clerk):
    # Q1 2024: S window before 1 Jan = cat, eve, ann, bob; E before 1 April = eve, ann, bob, dan
    quarter = insights(loyalty_route, clerk, period="QUARTER", date="2024-02-10")
    assert quarter["periodStart"].startswith("2024-01-01")
    assert quarter["retention"]["retentionRate"] == 75.0
    # 10-19 March: only dan's first order, so he is new and the one buyer
    custom = insights(loyalty_route, clerk, period="CUSTOM", **{"from": "2024-03-10",
                                                                "to": "2024-03-19"})
    assert custom["periodEnd"].startswith("2024-03-20")
    assert (custom["customers"], custom["orders"]) == (1, 1)
    assert custom["retention"]["newCustomers"] == 1
    assert custom["averageDaysBetweenOrders"] is None


def test_customers_and_anonymous_cannot_read_insights(shop, enable_loyalty, loyalty_route,
                                                      customer_user):
    enable_loyalty()
    for user in (None, customer_user):
        status, body = loyalty_route.post(INSIGHTS, {"period": "MONTH"}, user=user)
        assert status == 200 and body["data"]["loyaltyInsights"] is None
        assert "MANAGE_ORDERS or MANAGE_USERS" in body["errors"][0]["message"]


def test_bad_periods_are_errors_not_crashes(shop, enable_loyalty, loyalty_route, clerk):
    enable_loyalty()
    status, body = loyalty_route.post(INSIGHTS, {"period": "CUSTOM", "from": "2024-03-10"},
                                      user=clerk)
    assert status == 200 and "custom period needs both" in body["errors"][0]["message"]
    status, body = loyalty_route.post(INSIGHTS, {"period": "CUSTOM", "from": "2024-03-10",
                                                 "to": "2024-03-01"}, user=clerk)
    assert "'to' must not be before 'from'" in body["errors"][0]["message"]


HEALTH = """
query Health($date: Date) {
  loyaltyInsights(period: MONTH, date: $date) {
    programHealth { pointsIssued pointsRedeemed pointsExpired pointsOutstanding
      liability { amount currency } redemptionRate membersPerTier { tier members }
      liabilityOverTime { at pointsOutstanding liability { amount } }
      figures { key value unit } }
  }
}"""


def test_program_health_from_the_ledger(enable_loyalty, shop, loyalty_route, clerk,
                                        customer_user):
    # given: 100 points = $1 when paying; 500 points given in February, 1,000 in March,
    # of which 300 paid for an order in March
    from saleor_loyalty_plugin.ledger import services as ledger

    enable_loyalty(redeem_points_per_currency_unit="100")
    account = ledger.get_or_create_account(user=customer_user, channel=shop.channel.slug)
    ledger.adjust(account=account, points=500, reason="Welcome", key="h-1",
                  actor_email="staff@example.com", now=at(2024, 2, 10))
    ledger.adjust(account=account, points=1000, reason="Apology", key="h-2",
                  actor_email="staff@example.com", now=at(2024, 3, 3))
    ledger.redeem(account=account, points=300, key="h-3", reason="Order", now=at(2024, 3, 9))

    # when
    with freeze_time(at(2024, 4, 10)):
        health = flows.loyalty(loyalty_route, HEALTH, {"date": "2024-03-01"},
                               user=clerk)["loyaltyInsights"]["programHealth"]

    # then
    assert (health["pointsIssued"], health["pointsRedeemed"], health["pointsExpired"]) == (
        1000, 300, 0)
    assert health["pointsOutstanding"] == 1200
    assert health["liability"] == {"amount": 12.0, "currency": "USD"}
    assert health["redemptionRate"] == 30.0
    assert health["membersPerTier"] == [{"tier": "", "members": 1}]
    over_time = health["liabilityOverTime"]
    assert len(over_time) == 12 and over_time[-1]["at"].startswith("2024-04-01")
    assert [point["pointsOutstanding"] for point in over_time[-3:]] == [0, 500, 1200]
    assert over_time[-2]["liability"] == {"amount": 5.0}
    figures = {figure["key"]: figure["value"] for figure in health["figures"]}
    assert figures["liability"] == 12.0 and figures["redemption_rate"] == 30.0


def test_a_later_feature_adds_its_health_figures(enable_loyalty, shop, loyalty_route, clerk):
    from decimal import Decimal

    from saleor_loyalty_plugin.insights import health

    enable_loyalty()
    health.register_health_provider("survey", lambda scope: [
        health.Figure("recommend_score", "Recommend score", Decimal("42.5"), "")])
    try:
        with freeze_time(at(2024, 4, 10)):
            figures = flows.loyalty(loyalty_route, HEALTH, {"date": "2024-03-01"}, user=clerk)[
                "loyaltyInsights"]["programHealth"]["figures"]
    finally:
        health._PROVIDERS.pop("survey")
    assert figures[-1] == {"key": "recommend_score", "value": 42.5, "unit": ""}
    assert [figure["key"] for figure in figures][:2] == ["points_issued", "points_redeemed"]


OVER_TIME = """
query { loyaltyInsights(period: MONTH, date: "2024-03-01") {
  retention { customersAtStart customersAtEnd newCustomers retentionRate }
  retentionOverTime { periodStart customersAtStart customersAtEnd newCustomers retentionRate }
} }"""


def test_retention_over_time_month_by_month(march_shop, loyalty_route, clerk):
    with freeze_time(at(2024, 4, 10)):
        result = flows.loyalty(loyalty_route, OVER_TIME, user=clerk)["loyaltyInsights"]

    months = result["retentionOverTime"]
    assert [month["periodStart"][:7] for month in months] == [
        "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10",
        "2023-11", "2023-12", "2024-01", "2024-02", "2024-03"]
    # March is the period itself; the one query agrees with the period's own
    assert {k: v for k, v in months[-1].items() if k != "periodStart"} == result["retention"]
    # April 2023: S = cat (March 2023), E = cat (eve's order is on 1 May at noon)
    assert months[0] == {"periodStart": months[0]["periodStart"], "customersAtStart": 1,
                         "customersAtEnd": 1, "newCustomers": 0, "retentionRate": 100.0}
    # May 2023: S = cat; E = cat, eve; N = eve -> (2 - 1) / 1
    assert (months[1]["customersAtStart"], months[1]["customersAtEnd"],
            months[1]["newCustomers"]) == (1, 2, 1)
    # June 2023: S = cat, eve; E = cat, eve, ann; N = ann -> 100%
    assert (months[2]["customersAtStart"], months[2]["customersAtEnd"],
            months[2]["newCustomers"], months[2]["retentionRate"]) == (2, 3, 1, 100.0)
    # February 2024: S = E = cat, eve, ann, bob; nobody new
    assert (months[10]["customersAtStart"], months[10]["customersAtEnd"],
            months[10]["newCustomers"]) == (4, 4, 0)


def test_backfill_rebuilds_the_summary_the_order_sync_kept(march_shop, loyalty_route, clerk):
    # given: the summary the order syncs kept (seven paid orders; the cancelled one left it)
    import io

    from django.core.management import call_command

    from saleor_loyalty_plugin.insights import models

    def summary():
        return (sorted(models.InsightMonth.objects.values_list(
            "channel", "customer_id", "month", "orders", "revenue", "first_at", "last_at",
            "prev_at", "gap", "first_month")),
            sorted(models.InsightOrder.objects.values_list("order_id", "total")),
            sorted(models.InsightGapCount.objects.exclude(customers=0).values_list(
                "channel", "month", "gap", "customers")),
            sorted(models.InsightCohortCount.objects.exclude(customers=0).values_list(
                "channel", "cohort", "month", "customers")))

    kept = summary()
    assert len(kept[1]) == 7 and len(kept[0]) == 6  # dan's two March orders share a month
    # the counts the syncs kept: ann's March 2024 month follows June 2023 by nine months
    assert (march_shop.channel.slug, date(2024, 3, 1), 9, 1) in kept[2]
    assert (march_shop.channel.slug, date(2023, 6, 1), date(2024, 3, 1), 1) in kept[3]
    for model in (models.InsightMonth, models.InsightOrder, models.InsightGapCount,
                  models.InsightCohortCount):
        model.objects.all().delete()
    assert insights(loyalty_route, clerk, period="MONTH", date="2024-03-31")["retention"][
        "customersAtStart"] == 0  # retention reads the summary, not Saleor's orders

    # when
    out = io.StringIO()
    call_command("loyalty_insights_backfill", stdout=out)

    # then
    assert "from 7 paid orders" in out.getvalue()
    assert summary() == kept
    assert insights(loyalty_route, clerk, period="MONTH", date="2024-03-31")["retention"] == {
        "customersAtStart": 4, "customersAtEnd": 4, "newCustomers": 1, "retentionRate": 75.0}
