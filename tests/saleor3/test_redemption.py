"""Saleor 3: paying with points puts a gift card on the customer's checkout."""
from decimal import Decimal

import pytest

from saleor_loyalty_plugin.ledger import services as ledger
from saleor_loyalty_plugin.models import LoyaltyRedemption

import json

from .test_rewards import GOLD, create_checkout, make_gold

pytestmark = pytest.mark.django_db

REDEEM = """
mutation Redeem($checkoutId: ID!, $points: Int!) {
  loyaltyRedeemPoints(checkoutId: $checkoutId, points: $points) {
    account { pointsBalance } redemption { points amount state } errors { field code message }
  }
}"""
CANCEL = """
mutation Cancel($checkoutId: ID!) {
  loyaltyCancelRedemption(checkoutId: $checkoutId) { account { pointsBalance } errors { code } }
}"""
TOTAL = "query T($id: ID!) { checkout(id: $id) { totalPrice { gross { amount } } giftCards { last4CodeChars } } }"


def give_points(user, channel, points):
    from django.utils import timezone

    account = ledger.get_or_create_account(user=user, channel=channel.slug)
    ledger.adjust(account=account, points=points, reason="gift", key="gift-%s" % user.pk,
                  actor_email="", now=timezone.now())


def total(api_client, checkout_id):
    data = api_client.post_graphql(TOTAL, {"id": checkout_id}).json()["data"]["checkout"]
    return Decimal(str(data["totalPrice"]["gross"]["amount"])), len(data["giftCards"])


def test_points_pay_part_of_the_checkout_and_come_back_on_cancel(
    enable_loyalty, user_api_client, customer_user, channel_USD, product,
    loyalty_route, committed,
):
    # given: 800 points, 100 points = $1, an $80 checkout
    enable_loyalty(redeem_points_per_currency_unit="100", redeem_step="100")
    give_points(customer_user, channel_USD, 800)
    checkout_id = create_checkout(user_api_client, channel_USD, product, customer_user.email, 8,
                                  committed)

    # when
    _, redeemed = loyalty_route.post(REDEEM, {"checkoutId": checkout_id, "points": 500},
                                     user=customer_user)
    paid_with_points = total(user_api_client, checkout_id)
    _, cancelled = loyalty_route.post(CANCEL, {"checkoutId": checkout_id}, user=customer_user)

    # then
    result = redeemed["data"]["loyaltyRedeemPoints"]
    assert result["errors"] == []
    assert result["redemption"] == {"points": 500, "amount": 5.0, "state": "HELD"}
    assert result["account"]["pointsBalance"] == 300
    assert paid_with_points == (Decimal("75"), 1)
    assert cancelled["data"]["loyaltyCancelRedemption"]["account"]["pointsBalance"] == 800
    assert total(user_api_client, checkout_id) == (Decimal("80"), 0)
    assert LoyaltyRedemption.objects.get().state == "returned"


def test_points_combine_with_the_gold_voucher(
    enable_loyalty, user_api_client, customer_user, channel_USD, product, loyalty_route, committed,
):
    # given: Gold (10% over $50) and 800 points
    enable_loyalty(tiers=json.dumps(GOLD), redeem_points_per_currency_unit="100")
    make_gold(customer_user, channel_USD)
    give_points(customer_user, channel_USD, 800)
    checkout_id = create_checkout(user_api_client, channel_USD, product, customer_user.email, 8,
                                  committed)

    # when
    _, redeemed = loyalty_route.post(REDEEM, {"checkoutId": checkout_id, "points": 500},
                                     user=customer_user)

    # then: $80 - 10% ($8) - $5 of points
    assert redeemed["data"]["loyaltyRedeemPoints"]["errors"] == []
    assert total(user_api_client, checkout_id) == (Decimal("67"), 1)
