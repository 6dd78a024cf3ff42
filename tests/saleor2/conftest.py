"""A real Saleor 2.10 shop, driven over its GraphQL API like a storefront.

End-to-end tests use ``transaction=True`` so that Saleor's transactions really
commit and the plugin's on-commit dispatch runs, as in production. A member with
points to redeem is shared by the redemption and storefront API tests.
"""
import json

import pytest
from django.contrib.sites.models import Site
from django.test import Client
from saleor.site.models import SiteSettings

from demo.saleor2.shop import build_shop, create_staff
from demo.saleor2.storefront import GraphQLClient, Storefront
from saleor_loyalty_plugin import PLUGIN_ID

from .queries import ADJUST
from .redemption_helpers import GOLD, REDEEM_RULES

STAFF_PASSWORD = "staff-password"
STAFF_PERMISSIONS = ("account.manage_users", "plugins.manage_plugins", "order.manage_orders")
DEFAULT_LOYALTY = {
    "points_per_currency_unit": "1",
    "award_trigger": "order_fully_paid",
    "pending_days": "30",
    "rounding": "down",
    "include_shipping": "false",
}


@pytest.fixture
def site_settings(db):
    """Saleor's site settings, which a flush between transactional tests removes."""
    settings, _ = SiteSettings.objects.get_or_create(site=Site.objects.get_current())
    return settings


@pytest.fixture
def graphql(site_settings):
    return GraphQLClient(Client())


@pytest.fixture
def storefront(graphql):
    return Storefront(graphql)


@pytest.fixture
def shop(site_settings):
    return build_shop()


@pytest.fixture
def staff_token(storefront):
    create_staff("staff@example.com", STAFF_PASSWORD, STAFF_PERMISSIONS)
    return storefront.login("staff@example.com", STAFF_PASSWORD)


@pytest.fixture
def limited_staff_token(storefront):
    """Staff who can manage orders but not customers."""
    create_staff("clerk@example.com", STAFF_PASSWORD, ("order.manage_orders",))
    return storefront.login("clerk@example.com", STAFF_PASSWORD)


@pytest.fixture
def enable_loyalty(storefront, staff_token):
    def enable(**overrides):
        configuration = dict(DEFAULT_LOYALTY, **overrides)
        result = storefront.plugin_update(
            staff_token, PLUGIN_ID, active=True, configuration=configuration
        )
        assert result["pluginsErrors"] == []
        return result["plugin"]

    return enable


@pytest.fixture
def customer(storefront):
    """A shopper who registered through the storefront and is signed in."""

    class Customer:
        email = "shopper@example.com"
        password = "shopper-password-1"

    storefront.register(Customer.email, Customer.password)
    Customer.token = storefront.login(Customer.email, Customer.password)
    return Customer


@pytest.fixture
def member_with_points(graphql, enable_loyalty, customer, staff_token):
    enable_loyalty(tiers=json.dumps(GOLD), **REDEEM_RULES)
    data = graphql.execute(ADJUST, {"email": customer.email, "points": 800, "reason": "Welcome"},
                           staff_token)["loyaltyAdjustPoints"]
    assert data["errors"] == []
    return customer
