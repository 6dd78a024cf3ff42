"""What staff see in the dashboard: every object the plugin creates explains itself.

Staff query Saleor's own API as the Dashboard does (vouchers and gift cards
lists): a loyalty voucher is named for the program, the perk (numbers as
people write them) and its member, and carries metadata; a points gift card
is tagged ``loyalty-points``, assigned to its owner and described in metadata.
"""
import json

import pytest

from . import flows
from .redemption_helpers import REDEEM_RULES, give_points, redeem
from .test_rewards import GOLD_LADDER, make_gold

pytestmark = pytest.mark.django_db

VOUCHERS = """
query { vouchers(first: 20) { edges { node { name code metadata { key value } } } } }"""
GIFT_CARDS = """
query { giftCards(first: 20) { edges { node {
  last4CodeChars tags { name } metadata { key value } assignedTo { email }
} } } }"""


@pytest.fixture
def dashboard_staff(staff_api_client, permission_manage_discounts, permission_manage_gift_card):
    staff_api_client.user.user_permissions.add(permission_manage_discounts,
                                               permission_manage_gift_card)
    return staff_api_client


def test_loyalty_vouchers_and_gift_cards_say_what_they_are_and_whose(
    enable_loyalty, users_staff, customer_user, merged_graphql, shop, user_api_client,
    loyalty_route, dashboard_staff,
):
    # given: a Gold member (10% over $50, free shipping) with points to pay with
    enable_loyalty(tiers=json.dumps(GOLD_LADDER), **REDEEM_RULES)
    make_gold(users_staff, customer_user)
    give_points(users_staff, customer_user, 800)

    # when: they check out, their reward goes on, and they pay $3 with points
    started = flows.start_checkout(user_api_client, shop, 8)
    assert redeem(loyalty_route, customer_user, started["id"], 300)["errors"] == []

    # then: the dashboard's voucher list names the perk and the member, no "1E+1"
    vouchers = [edge["node"] for edge in flows.gql(dashboard_staff, VOUCHERS)["vouchers"]["edges"]]
    names = sorted(voucher["name"] for voucher in vouchers)
    assert names == [
        "Loyalty: Gold: 10% off on orders over 50 (" + customer_user.email + ")",
        "Loyalty: Gold: free shipping (" + customer_user.email + ")",
    ]
    for voucher in vouchers:
        assert {"key": "loyalty_customer", "value": customer_user.email} in voucher["metadata"]
        assert {"key": "loyalty_purpose", "value": "member reward"} in voucher["metadata"]
    # and the points gift card is tagged, assigned and described
    [card] = [edge["node"] for edge in flows.gql(dashboard_staff, GIFT_CARDS)["giftCards"]["edges"]]
    assert card["tags"] == [{"name": "loyalty-points"}]
    assert card["assignedTo"] == {"email": customer_user.email}
    assert {"key": "loyalty_purpose", "value": "points redeemed at checkout"} in card["metadata"]
