"""Currencies without cents: a yen channel's points pay whole yen (Saleor 3)."""
import pytest
from graphql_relay import to_global_id

from saleor_loyalty_plugin import PLUGIN_ID

from . import flows
from .conftest import PLUGIN_UPDATE, LoyaltyRoute
from .redemption_helpers import REDEEM

pytestmark = pytest.mark.django_db

ADJUST = """
mutation Adjust($email: String!, $points: Int!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Welcome", channel: "c-jpy") {
    account { pointsBalance } errors { field code message }
  }
}"""
# 3 points = 1 yen; points may pay half the goods
YEN_RULES = {"redeem_points_per_currency_unit": "3", "redeem_min_points": "100",
             "redeem_step": "1", "redeem_max_order_percent": "50"}


@pytest.fixture
def yen_shop(channel_JPY, product, warehouse, shipping_zone, loyalty_installed,
             staff_api_client, permission_manage_plugins, permission_manage_users):
    """The test product sold for 1,999 yen in a JPY channel with the program on."""
    from saleor.product.models import ProductChannelListing, ProductVariantChannelListing

    variant = product.variants.get()
    warehouse.channels.add(channel_JPY)
    shipping_zone.channels.add(channel_JPY)
    from django.utils import timezone

    ProductChannelListing.objects.create(product=product, channel=channel_JPY,
                                         is_published=True, visible_in_listings=True,
                                         available_for_purchase_at=timezone.now())
    ProductVariantChannelListing.objects.create(variant=variant, channel=channel_JPY,
                                                price_amount=1999, currency="JPY")
    staff_api_client.user.user_permissions.add(permission_manage_plugins,
                                               permission_manage_users)
    updated = flows.mutate(staff_api_client, PLUGIN_UPDATE, {
        "id": PLUGIN_ID, "channelId": to_global_id("Channel", channel_JPY.pk),
        "input": {"active": True, "configuration": [
            {"name": k, "value": v} for k, v in YEN_RULES.items()]}})
    assert updated["errors"] == []
    return channel_JPY, to_global_id("ProductVariant", variant.pk)


def test_points_pay_whole_yen_in_a_yen_channel(
    yen_shop, staff_api_client, customer_user, user_api_client, merged_graphql
):
    # given: 5,000 points and a 1,999-yen checkout (half is 999.5 yen)
    channel, variant_id = yen_shop
    flows.mutate(staff_api_client, ADJUST, {"email": customer_user.email, "points": 5000})
    started = flows.mutate(user_api_client, flows.CHECKOUT_CREATE, {"input": {
        "channel": channel.slug, "lines": [{"variantId": variant_id, "quantity": 1}],
        "shippingAddress": flows.US_ADDRESS}})["checkout"]
    route = LoyaltyRoute(channel.slug)

    # when: half the goods is 999.5 yen; 2,998 points would be 999.33 yen; 1,000
    # points would be 333.33 yen
    def redeem(points):
        return route.post(REDEEM, {"checkoutId": started["id"], "points": points},
                          user=customer_user)[1]["data"]["loyaltyRedeemPoints"]

    too_many, a_fraction, fitting = redeem(2998), redeem(1000), redeem(999)

    # then: the cap is 999 whole yen, no point buys a fraction of a yen, and
    # 999 points pay exactly 333 yen
    assert [e["code"] for e in too_many["errors"]] == ["INVALID"]
    assert "2997" in too_many["errors"][0]["message"]
    assert a_fraction["errors"][0]["message"] == "1000 points are worth 333; use 999 points."
    assert fitting["errors"] == []
    assert fitting["redemption"] == {"points": 999, "amount": 333.0, "currency": "JPY",
                                     "state": "HELD"}
