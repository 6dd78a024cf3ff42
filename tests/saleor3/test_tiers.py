"""VIP tiers on Saleor 3, through the dashboard's pluginUpdate, the storefront and the
payment app: spending climbs the ladder, cancellations demote after a grace period."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty_plugin.tasks import reevaluate_tiers_task, release_matured_points_task

from . import flows

pytestmark = pytest.mark.django_db

LADDER = [
    {"name": "Silver", "basis": "money_spent", "threshold": 50, "window": "rolling_12_months",
     "earn_multiplier": 1.5},
    {"name": "Gold", "basis": "money_spent", "threshold": 150, "window": "rolling_12_months",
     "discount_percent": 10, "discount_min_order": 200, "free_shipping": True, "grace_days": 30},
]
TIER_QUERY = """
query {
  myLoyalty {
    pendingPoints
    tier { name slug perks { discountPercent discountMinOrder freeShipping } }
    nextTier { slug threshold }
    progressToNextTier { current required remaining percent }
    tierGraceUntil
    tierHistory { fromTier toTier reason }
  }
}"""
PROGRAM_TIERS = """
query { loyaltyProgram { tiers { name slug basis threshold window earnMultiplier
  perks { discountPercent discountMinOrder freeShipping freeShippingMinOrder } } } }"""
SET_TIER = """
mutation Set($email: String!, $tier: String, $reason: String!) {
  loyaltySetTier(email: $email, tier: $tier, reason: $reason) {
    account { tier { slug } tierHistory { toTier reason } }
    errors { field code message }
  }
}"""


@pytest.fixture
def ladder(enable_loyalty, shop):
    enable_loyalty(tiers=json.dumps(LADDER))
    return LADDER


def buy(user_api_client, shop, payment_app):
    """Eight units and shipping: $90 charged by the payment app."""
    return flows.checkout(user_api_client, shop, 8, payment_app=payment_app)


def tiers_state(loyalty_route, customer):
    return flows.loyalty(loyalty_route, TIER_QUERY, user=customer)["myLoyalty"]


def test_program_lists_the_ladder_publicly(ladder, api_client, merged_graphql):
    # when: anonymous, at Saleor's own /graphql/
    tiers = flows.gql(api_client, PROGRAM_TIERS)["loyaltyProgram"]["tiers"]

    # then
    assert [(t["slug"], t["threshold"], t["basis"], t["window"]) for t in tiers] == [
        ("silver", 50.0, "MONEY_SPENT", "ROLLING_12_MONTHS"),
        ("gold", 150.0, "MONEY_SPENT", "ROLLING_12_MONTHS"),
    ]
    assert tiers[1]["perks"] == {"discountPercent": 10.0, "discountMinOrder": 200.0,
                                 "freeShipping": True, "freeShippingMinOrder": 0.0}


def after_return_window(days=31):
    """The return window (30 days) closes: matured points, and the orders behind them,
    start to count toward tiers."""
    with freeze_time(timezone.now() + timedelta(days=days)):
        release_matured_points_task.apply()


def test_spending_climbs_the_ladder_once_orders_are_past_their_return_window(
    ladder, shop, user_api_client, payment_app, customer_user, loyalty_route
):
    # when: a $90 order, still returnable
    buy(user_api_client, shop, payment_app)
    pending = tiers_state(loyalty_route, customer_user)
    after_return_window()
    state = tiers_state(loyalty_route, customer_user)

    # then: nothing counts while it can be sent back; Silver, $60 from Gold after
    assert pending["tier"] is None and pending["tierHistory"] == []
    assert pending["progressToNextTier"]["current"] == 0.0
    assert state["tier"]["slug"] == "silver"
    assert state["nextTier"] == {"slug": "gold", "threshold": 150.0}
    assert state["progressToNextTier"] == {
        "current": 90.0, "required": 150.0, "remaining": 60.0, "percent": 60}
    assert state["tierHistory"] == [{"fromTier": None, "toTier": "silver", "reason": "qualified"}]

    # when: the next order earns at Silver's 1.5x and, once kept, reaches Gold
    buy(user_api_client, shop, payment_app)
    before_kept = tiers_state(loyalty_route, customer_user)
    after_return_window(days=62)
    state = tiers_state(loyalty_route, customer_user)

    # then
    assert before_kept["pendingPoints"] == 120 and before_kept["tier"]["slug"] == "silver"
    assert state["tier"] == {"name": "Gold", "slug": "gold", "perks": {
        "discountPercent": 10.0, "discountMinOrder": 200.0, "freeShipping": True}}
    assert state["nextTier"] is None and state["progressToNextTier"] is None


def test_an_undone_order_drops_the_tier_it_bought_without_grace(
    ladder, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route
):
    # given: Gold reached with two orders, kept past the return window
    buy(user_api_client, shop, payment_app)
    second = buy(user_api_client, shop, payment_app)
    after_return_window()
    gold = tiers_state(loyalty_route, customer_user)

    # when: the second order is cancelled all the same
    flows.cancel(order_staff, second["id"])
    state = tiers_state(loyalty_route, customer_user)

    # then: Gold goes at once (Gold's 30 grace days are for a lapse of activity)
    assert gold["tier"]["slug"] == "gold"
    assert state["tier"]["slug"] == "silver" and state["tierGraceUntil"] is None
    assert {"fromTier": "gold", "toTier": "silver",
            "reason": "an order that counted was refunded or cancelled"} in state["tierHistory"]


def test_a_lapse_of_activity_demotes_after_the_grace_period(
    ladder, shop, user_api_client, payment_app, customer_user, loyalty_route
):
    # given: Gold reached with two orders, kept past the return window
    buy(user_api_client, shop, payment_app)
    buy(user_api_client, shop, payment_app)
    after_return_window()

    # when: a year passes without orders
    with freeze_time(timezone.now() + timedelta(days=370)):
        reevaluate_tiers_task.apply()
    in_grace = tiers_state(loyalty_route, customer_user)
    with freeze_time(timezone.now() + timedelta(days=401)):
        reevaluate_tiers_task.apply()
    after_grace = tiers_state(loyalty_route, customer_user)

    # then
    assert in_grace["tier"]["slug"] == "gold" and in_grace["tierGraceUntil"]
    assert after_grace["tier"] is None
    assert after_grace["tierHistory"][0] == {
        "fromTier": "gold", "toTier": None, "reason": "no longer qualifies"}


def test_staff_assign_a_tier_with_a_reason(
    ladder, customer_user, clerk, users_staff, loyalty_route, merged_graphql
):
    # given
    variables = {"email": customer_user.email, "tier": "gold", "reason": "Influencer partnership"}

    # when
    _, refused = loyalty_route.post(SET_TIER, variables, user=clerk)
    unknown = flows.gql(users_staff, SET_TIER, dict(variables, tier="platinum"))
    done = flows.gql(users_staff, SET_TIER, variables)["loyaltySetTier"]

    # then
    assert [e["code"] for e in refused["data"]["loyaltySetTier"]["errors"]] == [
        "PERMISSION_DENIED"]
    assert unknown["loyaltySetTier"]["errors"][0]["field"] == "tier"
    assert done["errors"] == []
    assert done["account"]["tier"] == {"slug": "gold"}
    assert done["account"]["tierHistory"][0] == {
        "toTier": "gold", "reason": "Set by staff: Influencer partnership"}
    assert tiers_state(loyalty_route, customer_user)["tier"]["slug"] == "gold"


def test_paid_orders_count_towards_an_orders_ladder(
    enable_loyalty, shop, user_api_client, payment_app, customer_user, loyalty_route
):
    # given: one order is enough for Silver on this channel's ladder
    enable_loyalty(tiers=json.dumps([
        {"name": "Silver", "basis": "orders", "threshold": 1, "window": "lifetime"},
        {"name": "Gold", "basis": "orders", "threshold": 5, "window": "lifetime"}]))

    # when: the order is kept past its return window
    buy(user_api_client, shop, payment_app)
    after_return_window()

    # then
    state = tiers_state(loyalty_route, customer_user)
    assert state["tier"]["slug"] == "silver"
    assert state["progressToNextTier"] == {
        "current": 1.0, "required": 5.0, "remaining": 4.0, "percent": 20}


@pytest.mark.parametrize(
    "tiers, words",
    [
        ("[{'name': 'Gold'}]", "not valid JSON"),
        (json.dumps([{"name": "Gold", "basis": "money", "threshold": 1, "window": "lifetime"}]),
         "basis must be one of"),
        (json.dumps([{"name": "Gold", "basis": "orders", "threshold": 1, "window": "lifetime",
                      "discount": 10}]), "unknown key(s) discount"),
    ],
)
def test_misconfigured_tier_table_is_rejected_and_the_old_one_kept(
    ladder, update_loyalty, loyalty_route, tiers, words
):
    # when
    result = update_loyalty(tiers=tiers)

    # then
    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("tiers", "INVALID")
    assert words in error["message"]
    # the dashboard shows a two-line toast and highlights no field: the field comes first
    assert error["message"].startswith("VIP tiers (JSON): ")
    assert len(error["message"]) < 160
    assert len(flows.loyalty(loyalty_route, PROGRAM_TIERS)["loyaltyProgram"]["tiers"]) == 2


def test_renaming_a_tier_keeps_its_members(
    ladder, enable_loyalty, customer_user, users_staff, loyalty_route, merged_graphql, api_client
):
    # given: a Gold member
    flows.gql(users_staff, SET_TIER, {"email": customer_user.email, "tier": "gold",
                                      "reason": "VIP"})

    # when: the merchant renames Gold in the dashboard (the ladder as first typed)
    enable_loyalty(tiers=json.dumps([LADDER[0], dict(LADDER[1], name="Gold Club")]))

    # then: still Gold, under its new name
    state = tiers_state(loyalty_route, customer_user)
    assert state["tier"]["name"] == "Gold Club" and state["tier"]["slug"] == "gold"
    tiers = flows.gql(api_client, PROGRAM_TIERS)["loyaltyProgram"]["tiers"]
    assert [t["slug"] for t in tiers] == ["silver", "gold"]
