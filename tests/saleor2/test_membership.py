"""Paid VIP membership: buying the membership product grants a tier for a year."""
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.models import LoyaltyMembership

pytestmark = pytest.mark.django_db(transaction=True)

LADDER = [{"name": "Gold", "basis": "money_spent", "threshold": 5000, "window": "lifetime",
           "discount_percent": 10, "discount_min_order": 200}]
VIP = {"tiers": json.dumps(LADDER), "vip_membership_sku": "VIP-ANNUAL",
       "vip_membership_tier": "gold"}
TIER = "query { myLoyalty { tier { slug } tierHistory { fromTier toTier reason } } }"


def buy_membership(storefront, shop, customer):
    return storefront.checkout([(shop.variants["VIP-ANNUAL"], 1)], token=customer.token)


def test_buying_the_membership_grants_the_tier_for_a_year_and_cancelling_revokes_it(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given
    enable_loyalty(**VIP)

    # when
    order = buy_membership(storefront, shop, customer)
    member = graphql.execute(TIER, token=customer.token)["myLoyalty"]

    # then: Gold although $49 is far from the $5000 threshold
    assert Decimal(str(order["total"]["gross"]["amount"])) == Decimal("49")
    assert member["tier"] == {"slug": "gold"}
    membership = LoyaltyMembership.objects.get(order_id=order["number"])
    assert 364 <= (membership.ends_at - timezone.now()).days <= 366

    # when: the merchant cancels the membership order
    storefront.cancel(staff_token, order["id"])

    # then
    revoked = graphql.execute(TIER, token=customer.token)["myLoyalty"]
    assert revoked["tier"] is None
    assert revoked["tierHistory"][0]["fromTier"] == "gold"
    assert LoyaltyMembership.objects.get(pk=membership.pk).revoked_at is not None


def test_a_member_gets_the_tier_discount_on_the_next_order(storefront, shop, enable_loyalty,
                                                           customer):
    enable_loyalty(**VIP)
    buy_membership(storefront, shop, customer)

    order = storefront.checkout([(shop.variants["JACKET-WAXED"], 2)], token=customer.token,
                                shipping_method=shop.shipping_method)

    assert Decimal(str(order["discount"]["amount"])) == Decimal("21.60")


def test_membership_needs_both_the_product_and_the_tier(storefront, staff_token, enable_loyalty):
    enable_loyalty(tiers=json.dumps(LADDER))

    result = storefront.plugin_update(staff_token, PLUGIN_ID,
                                      configuration={"vip_membership_sku": "VIP-ANNUAL"})
    unknown = storefront.plugin_update(staff_token, PLUGIN_ID, configuration={
        "vip_membership_sku": "VIP-ANNUAL", "vip_membership_tier": "platinum"})

    assert [(e["field"], e["code"]) for e in result["pluginsErrors"]] == [
        ("vipMembershipTier", "INVALID")]
    assert "Unknown tier 'platinum'" in unknown["pluginsErrors"][0]["message"]
