"""The staff insights page in real headless Chromium, against a live Saleor 3: staff sign
in at the plugin route, and every figure on the page is the API's. Screenshot kept."""
import pytest

from saleor_loyalty_plugin import PLUGIN_ID
from tests.saleor3 import flows
from tests.saleor3.conftest import LoyaltyRoute, clerk  # noqa: F401  (a fixture)

from .conftest import screenshot_path

pytestmark = [pytest.mark.saleor3, pytest.mark.django_db(transaction=True)]

API = """
query { loyaltyInsights { retention { customersAtStart customersAtEnd newCustomers
  retentionRate } customers orders revenue { amount } averageOrderValue { amount }
  topCustomers topRevenueShare programHealth { pointsOutstanding } } }"""
SHOWN = {
    "retention.newCustomers": ("retention", "newCustomers"),
    "retention.customersAtEnd": ("retention", "customersAtEnd"),
    "customers": ("customers",), "orders": ("orders",), "revenue.amount": ("revenue", "amount"),
    "averageOrderValue.amount": ("averageOrderValue", "amount"),
    "topCustomers": ("topCustomers",), "topRevenueShare": ("topRevenueShare",),
}


def _dig(data, path):
    for key in path:
        data = data[key]
    return data


def test_staff_sign_in_and_see_the_apis_numbers_and_charts(live_shop, page, api_client,
                                                           payment_app, clerk):
    # given: three guests bought this month; the clerk has a real password (Saleor's
    # staff_users fixture stores it unhashed)
    clerk.set_password("clerk-password-1")
    clerk.save(update_fields=["password"])
    for email, quantity in (("ann@example.com", 8), ("bob@example.com", 2),
                            ("ann@example.com", 1), ("cy@example.com", 3)):
        flows.checkout(api_client, live_shop.shop, quantity, payment_app=payment_app,
                       email=email)
    api = flows.loyalty(LoyaltyRoute(live_shop.channel), API, user=clerk)["loyaltyInsights"]
    assert (api["customers"], api["orders"], api["revenue"]["amount"]) == (3, 4, 180.0)

    # when: the clerk opens the page and signs in
    page.goto("%s/plugins/channel/%s/%s/insights/" % (live_shop.url, live_shop.channel,
                                                    PLUGIN_ID))
    page.get_by_label("E-mail").fill(clerk.email)
    page.get_by_label("Password").fill("clerk-password-1")
    page.get_by_role("button", name="Sign in").click()
    page.locator("#figures").wait_for()

    # then: the same numbers, and the five charts
    for key, path in SHOWN.items():
        shown = page.locator('[data-figure="%s"]' % key).inner_text()
        assert float(shown) == float(_dig(api, path)), key
    assert page.locator("figure[data-chart] svg").count() == 5
    assert page.locator("#best-customers tbody tr").count() == api["topCustomers"]
    assert "ann@example.com" in page.locator("#best-customers").inner_text()
    page.screenshot(path=str(screenshot_path("insights-page")), full_page=True)


def test_the_page_refuses_wrong_credentials(live_shop, page, customer_user):
    page.goto("%s/plugins/channel/%s/%s/insights/" % (live_shop.url, live_shop.channel,
                                                    PLUGIN_ID))
    page.get_by_label("E-mail").fill(customer_user.email)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Sign in").click()
    assert "not the credentials" in page.get_by_role("alert").inner_text()
    assert page.locator("#figures").count() == 0
