"""The merchant configures the program per channel in the dashboard (plugin / pluginUpdate)."""
import pytest

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.plugin import LoyaltyPlugin

from . import flows

pytestmark = pytest.mark.django_db

PLUGIN = """
query Plugin($id: ID!) {
  plugin(id: $id) {
    id name description
    channelConfigurations {
      active channel { slug } configuration { name value type label helpText }
    }
  }
}"""
PROGRAM = """
query { loyaltyProgram { channel isActive pointsPerCurrencyUnit awardTrigger pendingDays rounding
  includesShipping } }"""


def camel_case(name):
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


@pytest.fixture
def dashboard(staff_api_client, permission_manage_plugins, loyalty_installed):
    staff_api_client.user.user_permissions.add(permission_manage_plugins)
    return staff_api_client


def channel_configuration(dashboard, channel):
    plugin = flows.gql(dashboard, PLUGIN, {"id": PLUGIN_ID})["plugin"]
    [configuration] = [c for c in plugin["channelConfigurations"]
                       if c["channel"]["slug"] == channel.slug]
    return plugin, configuration


def config_values(configuration):
    return {item["name"]: item["value"] for item in configuration["configuration"]}


def test_dashboard_shows_every_setting_with_a_label_and_help(dashboard, channel_USD):
    # when
    plugin, configuration = channel_configuration(dashboard, channel_USD)

    # then
    assert plugin["name"] == "Loyalty points"
    assert configuration["active"] is False
    names = {item["name"] for item in configuration["configuration"]}
    assert names == set(LoyaltyPlugin.CONFIG_STRUCTURE)
    assert {"points_per_currency_unit", "award_trigger", "pending_days", "rounding",
            "include_shipping", "tiers", "punch_cards"} <= names
    for item in configuration["configuration"]:
        assert item["label"] and item["helpText"], item


def test_valid_update_is_saved_and_published_at_the_plugin_route(update_loyalty, loyalty_route,
                                                                  channel_USD):
    # when
    result = update_loyalty(points_per_currency_unit="2.5", pending_days="14",
                            award_trigger="order_fulfilled", rounding="nearest")

    # then
    assert result["errors"] == []
    assert flows.loyalty(loyalty_route, PROGRAM)["loyaltyProgram"] == {
        "channel": channel_USD.slug, "isActive": True, "pointsPerCurrencyUnit": 2.5,
        "awardTrigger": "ORDER_FULFILLED", "pendingDays": 14, "rounding": "NEAREST",
        "includesShipping": False,
    }


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("points_per_currency_unit", "-1", "cannot be negative"),
        ("points_per_currency_unit", "lots", "must be a number"),
        ("points_per_currency_unit", "NaN", "cannot be negative"),
        ("award_trigger", "order_shipped", "order_fully_paid, order_fulfilled"),
        ("pending_days", "-3", "between 0 and"),
        ("pending_days", "2.5", "whole number"),
        ("rounding", "sideways", "down, nearest, up"),
        ("threshold_discount_percent", "150", "between 0 and 100"),
        ("max_discount_percent", "ten", "must be a number"),
        ("redeem_step", "0", "between 1 and"),
        ("redeem_min_points", "2.5", "whole number"),
        ("vip_membership_months", "0", "between 1 and 120"),
        ("points_expiry", "sometimes", "none, after_available, after_inactivity"),
        ("points_expiry_months", "0", "between 1 and 120"),
        ("signup_bonus_points", "-5", "between 0 and"),
        ("birthday_bonus_points", "lots", "whole number"),
        ("referral_monthly_limit", "2.5", "whole number"),
        ("referral_link", "https://shop.example.com/register", "containing {code}"),
    ],
)
def test_bad_update_names_the_field_and_keeps_the_old_configuration(
    update_loyalty, dashboard, channel_USD, loyalty_route, field, value, words
):
    # given
    assert update_loyalty(points_per_currency_unit="3")["errors"] == []
    before = config_values(channel_configuration(dashboard, channel_USD)[1])

    # when
    result = update_loyalty(**{field: value})

    # then
    [error] = result["errors"]
    assert error["field"] == camel_case(field)  # Saleor camel-cases error fields
    assert error["code"] == "INVALID"
    assert words in error["message"]
    assert config_values(channel_configuration(dashboard, channel_USD)[1]) == before
    program = flows.loyalty(loyalty_route, PROGRAM)["loyaltyProgram"]
    assert program["pointsPerCurrencyUnit"] == 3.0


def test_customers_cannot_change_the_program(loyalty_installed, user_api_client, channel_USD):
    # when
    response = user_api_client.post_graphql(flows.PLUGIN_UPDATE, {
        "id": PLUGIN_ID, "channelId": flows.to_global_id("Channel", channel_USD.pk),
        "input": {"active": True},
    })

    # then
    body = response.json()
    assert response.status_code == 200
    assert body["data"]["pluginUpdate"] is None
    assert "permission" in body["errors"][0]["message"].lower()


def test_plugin_route_is_closed_while_the_plugin_is_off(loyalty_installed, loyalty_route):
    status, _ = loyalty_route.post(PROGRAM)
    assert status == 404


def test_switching_the_plugin_off_closes_the_route(update_loyalty, loyalty_route):
    # given
    assert update_loyalty(active=True)["errors"] == []
    open_status, _ = loyalty_route.post(PROGRAM)

    # when
    update_loyalty(active=False)

    # then
    assert open_status == 200
    assert loyalty_route.post(PROGRAM)[0] == 404
