"""VIP tiers on Saleor 2.10, through the dashboard's pluginUpdate and the storefront."""
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty_plugin import PLUGIN_ID
from saleor_loyalty_plugin.tasks import reevaluate_tiers_task, release_matured_points_task

pytestmark = pytest.mark.django_db(transaction=True)

LADDER = [
    {"name": "Silver", "basis": "money_spent", "threshold": 100, "window": "rolling_12_months",
     "earn_multiplier": 1.5},
    {"name": "Gold", "basis": "money_spent", "threshold": 400, "window": "rolling_12_months",
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


def buy(storefront, shop, customer, sku="JACKET-WAXED", quantity=2):
    return storefront.checkout(
        [(shop.variants[sku], quantity)], token=customer.token,
        shipping_method=shop.shipping_method,
    )


def tiers_state(graphql, customer):
    return graphql.execute(TIER_QUERY, token=customer.token)["myLoyalty"]


def test_program_lists_the_ladder_publicly(graphql, enable_loyalty):
    # given
    enable_loyalty(tiers=json.dumps(LADDER))

    # when
    tiers = graphql.execute(PROGRAM_TIERS)["loyaltyProgram"]["tiers"]

    # then
    assert [(t["slug"], t["threshold"], t["basis"], t["window"]) for t in tiers] == [
        ("silver", 100.0, "MONEY_SPENT", "ROLLING_12_MONTHS"),
        ("gold", 400.0, "MONEY_SPENT", "ROLLING_12_MONTHS"),
    ]
    assert tiers[1]["perks"] == {"discountPercent": 10.0, "discountMinOrder": 200.0,
                                 "freeShipping": True, "freeShippingMinOrder": 0.0}


def after_return_window(days=31):
    """The return window (30 days) closes: matured points, and the orders behind them,
    start to count toward tiers."""
    with freeze_time(timezone.now() + timedelta(days=days)):
        release_matured_points_task.apply()


def test_spending_climbs_the_ladder_once_orders_are_past_their_return_window(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given
    enable_loyalty(tiers=json.dumps(LADDER))

    # when: a $236 order, still returnable
    buy(storefront, shop, customer)
    pending = tiers_state(graphql, customer)
    after_return_window()
    state = tiers_state(graphql, customer)

    # then: nothing counts while it can be sent back; Silver, $164 from Gold after
    assert pending["tier"] is None and pending["tierHistory"] == []
    assert pending["progressToNextTier"]["current"] == 0.0
    assert state["tier"]["slug"] == "silver"
    assert state["nextTier"] == {"slug": "gold", "threshold": 400.0}
    assert state["progressToNextTier"] == {
        "current": 236.0, "required": 400.0, "remaining": 164.0, "percent": 59}
    assert state["tierHistory"] == [{"fromTier": None, "toTier": "silver", "reason": "qualified"}]

    # when: the next order earns at Silver's 1.5x and, once kept, reaches Gold
    buy(storefront, shop, customer)
    before_kept = tiers_state(graphql, customer)
    after_return_window(days=62)
    state = tiers_state(graphql, customer)

    # then
    assert before_kept["pendingPoints"] == 324 and before_kept["tier"]["slug"] == "silver"
    assert state["tier"] == {"name": "Gold", "slug": "gold", "perks": {
        "discountPercent": 10.0, "discountMinOrder": 200.0, "freeShipping": True}}
    assert state["nextTier"] is None and state["progressToNextTier"] is None


def test_an_undone_order_drops_the_tier_it_bought_without_grace(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given: Gold reached with two orders, kept past the return window
    enable_loyalty(tiers=json.dumps(LADDER))
    buy(storefront, shop, customer)
    second = buy(storefront, shop, customer)
    after_return_window()
    gold = tiers_state(graphql, customer)

    # when: the second order is cancelled all the same
    storefront.cancel(staff_token, second["id"])
    state = tiers_state(graphql, customer)

    # then: Gold goes at once (Gold's 30 grace days are for a lapse of activity)
    assert gold["tier"]["slug"] == "gold"
    assert state["tier"]["slug"] == "silver" and state["tierGraceUntil"] is None
    assert {"fromTier": "gold", "toTier": "silver",
            "reason": "an order that counted was refunded or cancelled"} in state["tierHistory"]


def test_a_lapse_of_activity_demotes_after_the_grace_period(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given: Gold reached with two orders, kept past the return window
    enable_loyalty(tiers=json.dumps(LADDER))
    buy(storefront, shop, customer)
    buy(storefront, shop, customer)
    after_return_window()

    # when: a year passes without orders
    with freeze_time(timezone.now() + timedelta(days=370)):
        reevaluate_tiers_task.apply()
    in_grace = tiers_state(graphql, customer)
    with freeze_time(timezone.now() + timedelta(days=401)):
        reevaluate_tiers_task.apply()
    after_grace = tiers_state(graphql, customer)

    # then
    assert in_grace["tier"]["slug"] == "gold" and in_grace["tierGraceUntil"]
    assert after_grace["tier"] is None
    assert after_grace["tierHistory"][0] == {
        "fromTier": "gold", "toTier": None, "reason": "no longer qualifies"}


def test_staff_assign_a_tier_with_a_reason(graphql, enable_loyalty, customer, staff_token,
                                           limited_staff_token):
    # given
    enable_loyalty(tiers=json.dumps(LADDER))
    variables = {"email": customer.email, "tier": "gold", "reason": "Influencer partnership"}

    # when
    refused = graphql.execute(SET_TIER, variables, limited_staff_token)["loyaltySetTier"]
    unknown = graphql.execute(SET_TIER, dict(variables, tier="platinum"), staff_token)
    done = graphql.execute(SET_TIER, variables, staff_token)["loyaltySetTier"]

    # then
    assert [e["code"] for e in refused["errors"]] == ["PERMISSION_DENIED"]
    assert unknown["loyaltySetTier"]["errors"][0]["field"] == "tier"
    assert done["errors"] == []
    assert done["account"]["tier"] == {"slug": "gold"}
    assert done["account"]["tierHistory"][0] == {
        "toTier": "gold", "reason": "Set by staff: Influencer partnership"}
    assert tiers_state(graphql, customer)["tier"]["slug"] == "gold"


@pytest.mark.parametrize(
    "ladder, words",
    [
        ("[{'name': 'Gold'}]", "not valid JSON"),
        (json.dumps([{"name": "Gold", "basis": "money", "threshold": 1, "window": "lifetime"}]),
         "basis must be one of"),
        (json.dumps([{"name": "Gold", "basis": "orders", "threshold": 1, "window": "lifetime",
                      "discount": 10}]), "unknown key(s) discount"),
    ],
)
def test_misconfigured_tier_table_is_rejected_and_the_old_one_kept(
    storefront, graphql, staff_token, enable_loyalty, ladder, words
):
    # given
    enable_loyalty(tiers=json.dumps(LADDER))

    # when
    result = storefront.plugin_update(staff_token, PLUGIN_ID, configuration={"tiers": ladder})

    # then
    [error] = result["pluginsErrors"]
    assert (error["field"], error["code"]) == ("tiers", "INVALID")
    assert words in error["message"]
    assert len(graphql.execute(PROGRAM_TIERS)["loyaltyProgram"]["tiers"]) == 2


def test_renaming_a_tier_keeps_its_members(graphql, enable_loyalty, customer, staff_token):
    # given: a Gold member
    enable_loyalty(tiers=json.dumps(LADDER))
    graphql.execute(SET_TIER, {"email": customer.email, "tier": "gold", "reason": "VIP"},
                    staff_token)

    # when: the merchant renames Gold in the dashboard (the ladder as first typed)
    renamed = [LADDER[0], dict(LADDER[1], name="Gold Club")]
    enable_loyalty(tiers=json.dumps(renamed))

    # then: still Gold, under its new name
    state = tiers_state(graphql, customer)
    assert state["tier"]["name"] == "Gold Club" and state["tier"]["slug"] == "gold"
    assert [t["slug"] for t in graphql.execute(PROGRAM_TIERS)["loyaltyProgram"]["tiers"]] == [
        "silver", "gold"]
