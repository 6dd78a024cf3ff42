"""What loyaltyProgram publishes for a storefront's pitch on Saleor 3: redemption rules,
the threshold discount, the cap, the paid membership with its price, the punch cards, and
every amount as money with its currency; the widget module is served beside the API."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.tasks import release_matured_points_task

from . import flows

pytestmark = pytest.mark.django_db

PROGRAM = """
query Program {
  loyaltyProgram {
    currency maxDiscountPercent
    redemption { enabled pointsPerCurrencyUnit minPoints step maxOrderPercent }
    thresholdDiscount { percent label minOrder { amount currency } }
    membership { sku variantId months price { amount currency } tier { name } }
    punchCards { name slug goal productSku category }
    tiers { name threshold thresholdMoney { amount currency }
            perks { discountMinOrder discountMinOrderMoney { amount currency }
                    freeShippingMinOrderMoney { amount currency } } }
  }
}"""
PROGRESS = """
query { myLoyalty { tier { name } nextTier { name thresholdMoney { amount currency } }
  progressToNextTier { basis current remaining percent remainingMoney { amount currency }
                       currentMoney { amount currency } }
  availableRewards { kind minSpent minSpentMoney { amount currency } } } }"""
LADDER = [
    {"name": "Silver", "basis": "money_spent", "threshold": 50, "window": "lifetime",
     "discount_percent": 5, "discount_min_order": 20},
    {"name": "Gold", "basis": "money_spent", "threshold": 200.5, "window": "lifetime",
     "discount_percent": 40, "discount_min_order": 100, "free_shipping": True,
     "free_shipping_min_order": 75},
]
ORDERS_LADDER = [{"name": "Regular", "basis": "orders", "threshold": 3, "window": "lifetime"}]
CARD = {"name": "Tee club", "product_sku": "TEE", "goal": 5}


def test_the_program_publishes_its_rules_for_a_pitch(enable_loyalty, api_client, shop,
                                                     merged_graphql):
    # given
    enable_loyalty(
        tiers=json.dumps(LADDER), threshold_discount_percent="50",
        threshold_discount_min_order="250", max_discount_percent="30",
        redeem_points_per_currency_unit="100", redeem_min_points="500", redeem_step="100",
        redeem_max_order_percent="50", vip_membership_sku=shop.variant.sku,
        vip_membership_tier="gold", vip_membership_months="12", punch_cards=json.dumps([CARD]),
    )

    # when
    program = flows.gql(api_client, PROGRAM)["loyaltyProgram"]

    # then: percentages as the customer gets them (capped at 30%), money with its currency
    usd = "USD"
    assert program["currency"] == usd and program["maxDiscountPercent"] == 30.0
    assert program["redemption"] == {"enabled": True, "pointsPerCurrencyUnit": 100.0,
                                     "minPoints": 500, "step": 100, "maxOrderPercent": 50.0}
    assert program["thresholdDiscount"] == {"percent": 30.0, "label": "30% off on orders over 250",
                                            "minOrder": {"amount": 250.0, "currency": usd}}
    assert program["membership"] == {
        "sku": shop.variant.sku, "variantId": to_global_id("ProductVariant", shop.variant.pk),
        "months": 12, "price": {"amount": 10.0, "currency": usd}, "tier": {"name": "Gold"}}
    assert program["punchCards"] == [{"name": "Tee club", "slug": "tee-club", "goal": 5,
                                      "productSku": "TEE", "category": None}]
    gold = program["tiers"][1]
    assert gold["thresholdMoney"] == {"amount": 200.5, "currency": usd}
    assert gold["perks"]["discountMinOrder"] == 100.0
    assert gold["perks"]["discountMinOrderMoney"] == {"amount": 100.0, "currency": usd}
    assert gold["perks"]["freeShippingMinOrderMoney"] == {"amount": 75.0, "currency": usd}


def test_a_program_without_extras_says_so(enable_loyalty, api_client, merged_graphql):
    # given
    enable_loyalty()

    # when
    program = flows.gql(api_client, PROGRAM)["loyaltyProgram"]

    # then
    assert program["redemption"]["enabled"] is False
    assert (program["thresholdDiscount"], program["membership"], program["punchCards"]) == (
        None, None, [])


def test_a_membership_product_not_sold_in_the_channel_has_no_price(enable_loyalty, api_client,
                                                                   merged_graphql):
    # given
    enable_loyalty(tiers=json.dumps(LADDER), vip_membership_sku="NOT-SOLD-HERE",
                   vip_membership_tier="gold")

    # when
    membership = flows.gql(api_client, PROGRAM)["loyaltyProgram"]["membership"]

    # then
    assert membership == {"sku": "NOT-SOLD-HERE", "variantId": None, "months": 12,
                          "price": None, "tier": {"name": "Gold"}}


def test_progress_says_how_much_more_to_spend_as_money(
    enable_loyalty, shop, user_api_client, payment_app, merged_graphql
):
    # given: $60 paid for an order (5 x $10 + $10 shipping), kept past its return
    # window: Silver reached at $50
    enable_loyalty(tiers=json.dumps(LADDER))
    flows.checkout(user_api_client, shop, 5, payment_app=payment_app)
    with freeze_time(timezone.now() + timedelta(days=31)):
        release_matured_points_task.apply()

    # when
    loyalty = flows.gql(user_api_client, PROGRESS)["myLoyalty"]

    # then: Gold needs $200.50, $140.50 more
    assert loyalty["tier"] == {"name": "Silver"}
    assert loyalty["nextTier"]["thresholdMoney"] == {"amount": 200.5, "currency": "USD"}
    progress = loyalty["progressToNextTier"]
    assert (progress["basis"], progress["current"], progress["remaining"]) == (
        "MONEY_SPENT", 60.0, 140.5)
    assert progress["remainingMoney"] == {"amount": 140.5, "currency": "USD"}
    assert progress["currentMoney"] == {"amount": 60.0, "currency": "USD"}
    assert loyalty["availableRewards"] == [
        {"kind": "TIER_DISCOUNT", "minSpent": 20.0,
         "minSpentMoney": {"amount": 20.0, "currency": "USD"}}]


def test_progress_in_orders_has_no_money(enable_loyalty, user_api_client, customer_user,
                                         merged_graphql):
    # given
    enable_loyalty(tiers=json.dumps(ORDERS_LADDER))

    # when
    loyalty = flows.gql(user_api_client, PROGRESS)["myLoyalty"]

    # then
    assert loyalty["nextTier"] == {"name": "Regular", "thresholdMoney": None}
    progress = loyalty["progressToNextTier"]
    assert (progress["basis"], progress["remaining"], progress["remainingMoney"]) == (
        "ORDERS", 3.0, None)


def test_the_widget_module_is_served_beside_the_api(enable_loyalty, client, channel_USD,
                                                    merged_graphql):
    # given
    enable_loyalty()
    plugin_route = "/plugins/channel/%s/%s/loyalty-widget.js" % (channel_USD.slug, PLUGIN_ID)

    # when
    merged = client.get("/loyalty/loyalty-widget.js")
    revalidated = client.get("/loyalty/loyalty-widget.js", HTTP_IF_NONE_MATCH=merged["ETag"])
    at_plugin_route = client.get(plugin_route)
    posted = client.post("/loyalty/loyalty-widget.js")

    # then: an ES module any storefront origin may import
    assert merged.status_code == 200
    assert merged["Content-Type"] == "text/javascript; charset=utf-8"
    assert merged["Access-Control-Allow-Origin"] == "*"
    assert b'customElements.define("loyalty-widget"' in merged.content
    assert revalidated.status_code == 304
    assert at_plugin_route.status_code == 200 and at_plugin_route.content == merged.content
    assert posted.status_code == 405
