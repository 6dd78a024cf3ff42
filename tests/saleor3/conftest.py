"""Saleor 3 fixtures: Saleor's own (channel_USD, order_with_lines, api clients)
plus the plugin enabled per test, as Saleor's test settings start with PLUGINS=[];
a member with points to redeem and the after-sale journey switched on, which several
test modules share.
"""
import json

import pytest
from django.test import Client
from graphql_relay import to_global_id
from saleor.core.jwt import create_access_token

from saleor_loyalty_plugin import PLUGIN_ID

from ..mail import smtp_server  # noqa: F401  (smtp_server: a fixture, for journey_on)
from .redemption_helpers import GOLD, REDEEM_RULES, give_points

PLUGIN_PATH = "saleor_loyalty_plugin.plugin.LoyaltyPlugin"
PLUGIN_UPDATE = """
mutation PluginUpdate($id: ID!, $channelId: ID, $input: PluginUpdateInput!) {
  pluginUpdate(id: $id, channelId: $channelId, input: $input) {
    plugin { id channelConfigurations { active channel { slug } configuration { name value } } }
    errors { field code message }
  }
}"""


@pytest.fixture
def loyalty_installed(settings):
    settings.PLUGINS = [PLUGIN_PATH]


@pytest.fixture
def update_loyalty(loyalty_installed, staff_api_client, permission_manage_plugins, channel_USD):
    staff_api_client.user.user_permissions.add(permission_manage_plugins)

    def update(active=True, **configuration):
        variables = {
            "id": PLUGIN_ID,
            "channelId": to_global_id("Channel", channel_USD.pk),
            "input": {
                "active": active,
                "configuration": [{"name": k, "value": v} for k, v in configuration.items()],
            },
        }
        response = staff_api_client.post_graphql(PLUGIN_UPDATE, variables)
        return json.loads(response.content.decode())["data"]["pluginUpdate"]

    return update


@pytest.fixture
def enable_loyalty(update_loyalty):
    def enable(**configuration):
        result = update_loyalty(active=True, **configuration)
        assert result["errors"] == []
        return result

    return enable


class LoyaltyRoute:
    """The loyalty API at the plugin route, as a headless storefront calls it."""

    def __init__(self, channel_slug):
        self.path = "/plugins/channel/%s/%s/graphql/" % (channel_slug, PLUGIN_ID)
        self.client = Client()

    def post(self, query, variables=None, user=None):
        headers = {}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = "Bearer %s" % create_access_token(user)
        response = self.client.post(
            self.path, json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json", **headers
        )
        return self._answer(response)

    def post_raw(self, body):
        """A request body that is not a GraphQL document at all."""
        return self._answer(self.client.post(self.path, body, content_type="application/json"))

    @staticmethod
    def _answer(response):
        if response.get("Content-Type", "").startswith("application/json"):
            return response.status_code, json.loads(response.content.decode())
        return response.status_code, response.content.decode()


@pytest.fixture
def loyalty_route(channel_USD):
    return LoyaltyRoute(channel_USD.slug)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (Saleor 3 fires plugin hooks on commit), as after a real commit."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def shop(channel_USD, product, shipping_zone, warehouse):
    """Saleor's test shop made to behave like a default install.

    Saleor's test channels use TAX_APP with no app, which runs calculate hooks
    that a real shop (FLAT_RATES) never runs; the plugin must not depend on them.
    The $10 test product gets enough stock for a few orders of eight.
    """
    from saleor.tax import TaxCalculationStrategy
    from saleor.warehouse.models import Stock

    from .flows import Shop

    tax_configuration = channel_USD.tax_configuration
    tax_configuration.tax_calculation_strategy = TaxCalculationStrategy.FLAT_RATES
    tax_configuration.save(update_fields=["tax_calculation_strategy"])
    tax_configuration.country_exceptions.all().delete()
    variant = product.variants.get()
    Stock.objects.filter(product_variant=variant).update(quantity=1000)
    return Shop(channel=channel_USD, variant=variant, warehouse=warehouse)


@pytest.fixture
def offline_payments(channel_USD):
    """The channel lets shoppers complete unpaid checkouts (cash, bank transfer)."""
    channel_USD.allow_unpaid_orders = True
    channel_USD.save(update_fields=["allow_unpaid_orders"])
    return channel_USD


@pytest.fixture
def payment_app(app_api_client, permission_manage_payments):
    """A payment app (HANDLE_PAYMENTS) that reports charges and refunds to Saleor."""
    app_api_client.app.permissions.add(permission_manage_payments)
    return app_api_client


@pytest.fixture
def order_staff(staff_api_client, permission_group_manage_orders):
    """The dashboard user handling orders (MANAGE_ORDERS in every channel)."""
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    return staff_api_client


@pytest.fixture
def users_staff(staff_api_client, permission_manage_users):
    """The dashboard user managing customers (MANAGE_USERS), e.g. adjusting points."""
    staff_api_client.user.user_permissions.add(permission_manage_users)
    return staff_api_client


@pytest.fixture
def clerk(staff_users, permission_group_manage_orders):
    """Staff who can manage orders (in every channel) but not customers."""
    assert staff_users[1] in permission_group_manage_orders.user_set.all()
    return staff_users[1]


@pytest.fixture
def merged_graphql(settings):
    """Saleor's own /graphql/ serving the loyalty fields too (the settings helper's URLconf)."""
    settings.ROOT_URLCONF = "saleor_loyalty_plugin.hosts.saleor3.urls"
    return settings


@pytest.fixture
def member_with_points(enable_loyalty, users_staff, customer_user, merged_graphql, shop):
    """800 points on a channel with the Gold ladder; 100 points = $1."""
    enable_loyalty(tiers=json.dumps(GOLD), **REDEEM_RULES)
    assert give_points(users_staff, customer_user, 800) == 800
    return customer_user


@pytest.fixture
def journey_on(enable_loyalty, smtp_server):  # noqa: F811
    """Every step on, mail to the test's SMTP server; returns the inbox."""
    inbox, url = smtp_server

    def enable(**more):
        enable_loyalty(**{"journey_thank_you": "true", "journey_follow_up": "true",
                          "journey_next_purchase": "true", "mail_smtp_url": url,
                          "mail_sender": "Shop <shop@example.com>",
                          "survey_page_url": "https://shop.example.com/survey/", **more})
        return inbox

    return enable
