"""The merchant configures the program in the dashboard (plugins / pluginUpdate)."""
import pytest

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.plugin import LoyaltyPlugin

from .queries import PLUGINS, PROGRAM

pytestmark = pytest.mark.django_db


def loyalty_plugin(graphql, token):
    edges = graphql.execute(PLUGINS, token=token)["plugins"]["edges"]
    [node] = [edge["node"] for edge in edges if edge["node"]["id"] == PLUGIN_ID]
    return node


def camel_case(name):
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


def config_values(plugin):
    return {item["name"]: item["value"] for item in plugin["configuration"]}


def test_dashboard_shows_every_setting_with_a_label_and_help(graphql, staff_token):
    # when
    plugin = loyalty_plugin(graphql, staff_token)

    # then
    assert plugin["name"] == "Loyalty points"
    assert plugin["active"] is False
    names = {item["name"] for item in plugin["configuration"]}
    assert names == set(LoyaltyPlugin.CONFIG_STRUCTURE)
    assert {"points_per_currency_unit", "award_trigger", "pending_days", "rounding",
            "include_shipping", "tiers"} <= names
    for item in plugin["configuration"]:
        assert item["label"] and item["helpText"], item


def test_valid_update_is_saved_and_published(storefront, graphql, staff_token):
    # when
    result = storefront.plugin_update(
        staff_token, PLUGIN_ID, active=True,
        configuration={"points_per_currency_unit": "2.5", "pending_days": "14",
                       "award_trigger": "order_fulfilled", "rounding": "nearest"},
    )

    # then
    assert result["pluginsErrors"] == []
    program = graphql.execute(PROGRAM)["loyaltyProgram"]
    assert program == {
        "isActive": True, "pointsPerCurrencyUnit": 2.5, "awardTrigger": "ORDER_FULFILLED",
        "pendingDays": 14, "rounding": "NEAREST", "includesShipping": False,
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
    ],
)
def test_bad_update_names_the_field_and_keeps_the_old_configuration(
    storefront, graphql, staff_token, field, value, words
):
    # given
    storefront.plugin_update(
        staff_token, PLUGIN_ID, active=True, configuration={"points_per_currency_unit": "3"}
    )
    before = config_values(loyalty_plugin(graphql, staff_token))

    # when
    result = storefront.plugin_update(staff_token, PLUGIN_ID, configuration={field: value})

    # then
    [error] = result["pluginsErrors"]
    assert error["field"] == camel_case(field)  # Saleor camel-cases error fields
    assert error["code"] == "INVALID"
    assert words in error["message"]
    assert config_values(loyalty_plugin(graphql, staff_token)) == before
    assert graphql.execute(PROGRAM)["loyaltyProgram"]["pointsPerCurrencyUnit"] == 3.0


def test_customers_cannot_change_the_program(storefront, graphql, staff_token, customer):
    # when
    status, body = graphql.raw(
        """mutation { pluginUpdate(id: "%s", input: {active: false}) {
             pluginsErrors { field } } }""" % PLUGIN_ID,
        token=customer.token,
    )

    # then
    assert status == 200
    assert "permission" in body["errors"][0]["message"].lower()
