"""Saleor 3 fixtures: Saleor's own (channel_USD, order_with_lines, api clients)
plus the plugin enabled per test, as Saleor's test settings start with PLUGINS=[].
"""
import json

import pytest
from django.test import Client
from graphql_relay import to_global_id
from saleor.core.jwt import create_access_token

from saleor_loyalty_plugin import PLUGIN_ID

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
