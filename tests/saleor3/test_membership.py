"""Paid VIP membership: buying the membership product grants a tier for a year;
cancelling or fully refunding that order revokes it."""
import json

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from saleor_loyalty_plugin.models import LoyaltyMembership

from . import flows
from .flows import money

pytestmark = pytest.mark.django_db

LADDER = [{"name": "Gold", "basis": "money_spent", "threshold": 5000, "window": "lifetime",
           "discount_percent": 10, "discount_min_order": 50}]
TIER = "query { myLoyalty { tier { slug } tierHistory { fromTier toTier reason } } }"


@pytest.fixture
def vip_variant(product_list, shop):
    """A second product of the shop ($10) sold as the annual VIP membership."""
    return product_list[0].variants.get()


@pytest.fixture
def vip_program(enable_loyalty, vip_variant):
    enable_loyalty(tiers=json.dumps(LADDER), vip_membership_sku=vip_variant.sku,
                   vip_membership_tier="gold")


def buy_membership(client, shop, payment_app, vip_variant):
    return flows.checkout(client, shop, 1, payment_app=payment_app,
                          variant_id=to_global_id("ProductVariant", vip_variant.pk))


def tier_state(loyalty_route, user):
    return flows.loyalty(loyalty_route, TIER, user=user)["myLoyalty"]


def test_buying_the_membership_grants_the_tier_for_a_year_and_cancelling_revokes_it(
    vip_program, vip_variant, shop, user_api_client, payment_app, order_staff, customer_user,
    loyalty_route,
):
    # when
    order = buy_membership(user_api_client, shop, payment_app, vip_variant)
    member = tier_state(loyalty_route, customer_user)

    # then: Gold although $20 is far from the $5000 threshold
    assert money(order["total"]["gross"]["amount"]) == 20
    assert member["tier"] == {"slug": "gold"}
    membership = LoyaltyMembership.objects.get()
    assert 364 <= (membership.ends_at - timezone.now()).days <= 366

    # when: the merchant cancels the membership order
    flows.cancel(order_staff, order["id"])

    # then
    revoked = tier_state(loyalty_route, customer_user)
    assert revoked["tier"] is None
    assert revoked["tierHistory"][0]["fromTier"] == "gold"
    assert LoyaltyMembership.objects.get(pk=membership.pk).revoked_at is not None


def test_a_full_refund_revokes_the_membership(
    vip_program, vip_variant, shop, user_api_client, payment_app, order_staff, customer_user,
    loyalty_route,
):
    # given
    order = buy_membership(user_api_client, shop, payment_app, vip_variant)
    assert tier_state(loyalty_route, customer_user)["tier"] == {"slug": "gold"}

    # when: the payment app reports the whole $20 refunded
    flows.report(payment_app, flows.transaction_of(order_staff, order["id"]), "REFUND_SUCCESS",
                 "20.00")

    # then
    assert tier_state(loyalty_route, customer_user)["tier"] is None
    assert LoyaltyMembership.objects.get().revoked_at is not None


def test_a_member_gets_the_tier_discount_on_the_next_order(
    vip_program, vip_variant, shop, user_api_client, payment_app
):
    # given
    buy_membership(user_api_client, shop, payment_app, vip_variant)

    # when: eight units of $10
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # then
    assert [money(d["amount"]["amount"]) for d in order["discounts"]] == [8]
    assert money(order["total"]["gross"]["amount"]) == 82


def test_membership_needs_both_the_product_and_the_tier(enable_loyalty, update_loyalty):
    # given
    enable_loyalty(tiers=json.dumps(LADDER))

    # when
    missing_tier = update_loyalty(vip_membership_sku="VIP-ANNUAL")
    unknown_tier = update_loyalty(vip_membership_sku="VIP-ANNUAL", vip_membership_tier="platinum")

    # then
    assert [(e["field"], e["code"]) for e in missing_tier["errors"]] == [
        ("vipMembershipTier", "INVALID")]
    assert "Unknown tier 'platinum'" in unknown_tier["errors"][0]["message"]


def test_a_membership_paid_entirely_with_a_gift_card_is_granted(
    vip_program, vip_variant, shop, user_api_client, customer_user, loyalty_route,
):
    # given: a $50 gift card of the customer's covers the $10 membership and $10 shipping
    from saleor.giftcard.models import GiftCard

    GiftCard.objects.create(code="GIFT-50-FOR-VIP", currency="USD", initial_balance_amount=50,
                            current_balance_amount=50, is_active=True)
    started = flows.start_checkout(user_api_client, shop, 1,
                                   variant_id=to_global_id("ProductVariant", vip_variant.pk))
    assert flows.add_promo_code(user_api_client, started["id"], "GIFT-50-FOR-VIP")["errors"] == []
    flows.choose_delivery(user_api_client, started["id"])
    assert flows.total_of(user_api_client, started["id"]) == 0

    # when: nothing is left to pay, so no payment is made at all
    order = flows.complete(user_api_client, started["id"])

    # then: the order counts as paid; the membership is granted; nothing earns points
    assert money(order["total"]["gross"]["amount"]) == 0
    assert tier_state(loyalty_route, customer_user)["tier"] == {"slug": "gold"}
    assert LoyaltyMembership.objects.get().order_number == str(order["number"])
    points = flows.loyalty(loyalty_route, "query { myLoyalty { pendingPoints } }",
                           user=customer_user)["myLoyalty"]
    assert points["pendingPoints"] == 0
