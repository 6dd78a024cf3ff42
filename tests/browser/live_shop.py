"""A live Saleor 3 shop for the browser: Saleor's API with the loyalty fields, the widget
module and the demo storefront page, all served by pytest-django's live server (one origin).

The live server runs the demo's URLconf in a thread of this process on the test database
(transactional: what the browser does is committed, and the plugin's on-commit work runs as
in production); the test reads the same API in-process to compare what the shopper sees
with the API's numbers.
"""
import json
from dataclasses import dataclass

import pytest

from tests.saleor3 import flows
from tests.saleor3.conftest import (  # noqa: F401  (fixtures this module's users need)
    PLUGIN_PATH,
    enable_loyalty,
    loyalty_installed,
    payment_app,
    shop,
    update_loyalty,
    users_staff,
)

DUMMY_GATEWAY = "saleor.payment.gateways.dummy.plugin.DeprecatedDummyGatewayPlugin"
LADDER = [
    {"name": "Silver", "basis": "money_spent", "threshold": 50, "window": "rolling_12_months",
     "discount_percent": 5, "discount_min_order": 20},
    {"name": "Gold", "basis": "money_spent", "threshold": 200, "window": "rolling_12_months",
     "earn_multiplier": 1.5, "discount_percent": 10, "discount_min_order": 100,
     "free_shipping": True},
]
PROGRAM = {
    "tiers": json.dumps(LADDER),
    "threshold_discount_percent": "5", "threshold_discount_min_order": "250",
    "redeem_points_per_currency_unit": "100", "redeem_min_points": "100", "redeem_step": "100",
    "redeem_max_order_percent": "50",
    "punch_cards": json.dumps([{"name": "Test club", "product_sku": "123", "goal": 10}]),
}
ADJUST = """
mutation Adjust($email: String!, $points: Int!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Welcome bonus") {
    errors { field code message }
  }
}"""
WIDGET = "loyalty-widget"


@dataclass
class LiveShop:
    url: str
    channel: str
    shop: object

    def storefront(self) -> str:
        return "%s/storefront/?channel=%s" % (self.url, self.channel)


@pytest.fixture
def saleor_celery_everywhere():
    """Saleor's Celery app (tasks inline in tests) as the default app of every thread.

    The live server answers in threads of its own, where Celery's "current app" is the
    default app, not the one Saleor made current in the main thread; in this test process
    celery's pytest plugin has made its own test app the default.  A shop runs one app.
    """
    from celery import _state
    from saleor.celeryconf import app

    previous = _state.default_app
    _state.set_default_app(app)
    yield app
    _state.set_default_app(previous)


@pytest.fixture
def replica_is_the_test_database():
    """Saleor reads through a "replica" alias, which its test settings mirror onto the
    default database by wrapping one connection.  The live server answers in threads of
    its own, whose connections Django opens afresh from the settings: there the replica
    must name the test database too (committed data: these tests are transactional)."""
    from django.db import connections

    replica, default = connections.settings["replica"], connections.settings["default"]
    saved = replica["NAME"]
    replica["NAME"] = default["NAME"]
    yield
    replica["NAME"] = saved


@pytest.fixture
def live_shop(replica_is_the_test_database, live_server, settings, shop,  # noqa: F811
              enable_loyalty, saleor_celery_everywhere):
    """The demo URLconf with the loyalty plugin and Saleor's dummy gateway, program on."""
    enable_loyalty(**PROGRAM)
    settings.ROOT_URLCONF = "demo.saleor3.urls"
    settings.PLUGINS = [PLUGIN_PATH, DUMMY_GATEWAY]
    return LiveShop(url=live_server.url, channel=shop.channel.slug, shop=shop)


def give_points(users_staff, customer, points):  # noqa: F811
    flows.mutate(users_staff, ADJUST, {"email": customer.email, "points": points})


def open_storefront(page, live_shop):
    """The demo page, every request it makes recorded (the widget must ask only the shop)."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_shop.storefront())
    page.locator(WIDGET + " h2").wait_for()
    return requested


def sign_in(page, email, password="password"):
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("#sign-in button[type=submit]")
    page.locator("#signed-in").wait_for()
    page.locator(WIDGET + " [data-balance]").wait_for()


def add_to_cart(page, quantity, product="Test product"):
    """Click "Add to cart" until the cart holds ``quantity``; the widget follows the cart."""
    for count in range(1, quantity + 1):
        page.get_by_role("button", name="Add %s to cart" % product).click()
        page.wait_for_function(
            "count => [...document.querySelectorAll('#cart-lines li')]"
            ".some(line => line.textContent.startsWith(count + ' ×'))", arg=count)
    wait_until_widget_total_is_the_carts(page)


def wait_until_widget_total_is_the_carts(page):
    page.wait_for_function(
        """() => {
          const total = document.querySelector('loyalty-widget').shadowRoot
            .querySelector('[data-total]');
          return total && total.dataset.total === document.getElementById('total').dataset.amount;
        }""")


def member_at_checkout(page, live_shop, customer, users_staff, *, points, quantity):  # noqa: F811
    """A member with ``points`` signed in on the storefront, ``quantity`` units in the cart."""
    give_points(users_staff, customer, points)
    requested = open_storefront(page, live_shop)
    sign_in(page, customer.email)
    add_to_cart(page, quantity)
    return requested
