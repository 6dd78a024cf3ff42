import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.core.tiers import (
    TierMetrics,
    decide_tier,
    next_tier,
    parse_tiers,
    progress_to,
    qualifying_tier,
    window_start,
)

LADDER = [
    {"name": "Gold", "basis": "money_spent", "threshold": 500, "window": "rolling_12_months",
     "earn_multiplier": 1.5, "discount_percent": 10, "discount_min_order": 200,
     "free_shipping": True, "grace_days": 30},
    {"name": "Silver", "basis": "money_spent", "threshold": 100, "window": "rolling_12_months",
     "earn_multiplier": 1.25},
]
NOW = datetime(2026, 6, 15, 12, 0)


def ladder():
    return parse_tiers(json.dumps(LADDER))


def test_ladder_is_sorted_slugged_and_defaulted():
    silver, gold = ladder()
    assert (silver.slug, gold.slug) == ("silver", "gold")
    assert gold.discount_percent == Decimal("10") and gold.free_shipping is True
    assert silver.discount_percent == 0 and silver.grace_days == 0
    assert silver.earn_multiplier == Decimal("1.25")


def test_blank_means_no_tiers():
    assert parse_tiers("") == () and parse_tiers("[]") == ()


@pytest.mark.parametrize(
    "text, words",
    [
        ("{not json", "not valid JSON"),
        ('{"name": "Gold"}', "JSON list"),
        ('["Gold"]', "must be an object"),
        ('[{"basis": "orders", "threshold": 1, "window": "lifetime"}]', "name is required"),
        ('[{"name": "Gold", "basis": "visits", "threshold": 1, "window": "lifetime"}]', "basis must be one of"),
        ('[{"name": "Gold", "basis": "orders", "threshold": -1, "window": "lifetime"}]', "threshold must be between"),
        ('[{"name": "Gold", "basis": "orders", "threshold": 2.5, "window": "lifetime"}]', "whole number"),
        ('[{"name": "Gold", "basis": "orders", "threshold": 2, "window": "forever"}]', "window must be one of"),
        ('[{"name": "Gold", "basis": "orders", "threshold": 2, "window": "lifetime", "discount_percent": 120}]', "discount_percent must be between"),
        ('[{"name": "Gold", "basis": "orders", "threshold": 2, "window": "lifetime", "discount_pct": 10}]', "unknown key(s) discount_pct"),
        ('[{"name": "Gold", "basis": "orders", "threshold": 2, "window": "lifetime", "free_shipping": "yes"}]', "free_shipping must be true or false"),
        ('[{"name": "A", "basis": "orders", "threshold": 2, "window": "lifetime"}, {"name": "B", "basis": "orders", "threshold": 2, "window": "lifetime"}]', "same threshold"),
        ('[{"name": "A", "basis": "orders", "threshold": 2, "window": "lifetime"}, {"name": "B", "basis": "money_spent", "threshold": 5, "window": "lifetime"}]', "same basis"),
        ('[{"name": "A", "slug": "x", "basis": "orders", "threshold": 2, "window": "lifetime"}, {"name": "B", "slug": "x", "basis": "orders", "threshold": 5, "window": "lifetime"}]', "same slug"),
        ('[{"name": "A", "slug": "Not A Slug", "basis": "orders", "threshold": 2, "window": "lifetime"}]', "slug must be"),
    ],
)
def test_misconfigured_ladders_are_refused_with_the_reason(text, words):
    with pytest.raises(LoyaltyError) as caught:
        parse_tiers(text)
    assert caught.value.field == "tiers"
    assert words in caught.value.message


def test_qualifying_next_and_progress():
    tiers = ladder()
    metrics = TierMetrics(money_spent=Decimal("236"))
    current = qualifying_tier(tiers, metrics)
    upcoming = next_tier(tiers, current.slug)
    progress = progress_to(upcoming, metrics)
    assert (current.slug, upcoming.slug) == ("silver", "gold")
    assert (progress.current, progress.required, progress.remaining, progress.percent) == (
        Decimal("236"), Decimal("500"), Decimal("264"), 47)
    assert qualifying_tier(tiers, TierMetrics(money_spent=Decimal("99.99"))) is None
    assert next_tier(tiers, "gold") is None


def test_windows():
    assert window_start("rolling_12_months", NOW) == NOW - timedelta(days=365)
    assert window_start("calendar_year", NOW) == datetime(2026, 1, 1)
    assert window_start("lifetime", NOW) is None


def test_upgrade_is_immediate():
    decision = decide_tier(ladder(), current_slug="silver", qualified_slug="gold", floor_slug="",
                           grace_until=None, now=NOW)
    assert (decision.slug, decision.grace_until) == ("gold", None)


def test_demotion_waits_for_grace_then_happens():
    tiers = ladder()
    started = decide_tier(tiers, current_slug="gold", qualified_slug="silver", floor_slug="",
                          grace_until=None, now=NOW)
    waiting = decide_tier(tiers, current_slug="gold", qualified_slug="silver", floor_slug="",
                          grace_until=started.grace_until, now=NOW + timedelta(days=29))
    demoted = decide_tier(tiers, current_slug="gold", qualified_slug="silver", floor_slug="",
                          grace_until=started.grace_until, now=NOW + timedelta(days=30))
    assert (started.slug, started.grace_until) == ("gold", NOW + timedelta(days=30))
    assert waiting.slug == "gold"
    assert (demoted.slug, demoted.grace_until) == ("silver", None)


def test_an_undone_order_that_held_the_tier_up_skips_the_grace():
    tiers = ladder()
    undone = decide_tier(tiers, current_slug="gold", qualified_slug="silver", floor_slug="",
                         grace_until=None, now=NOW, unrefunded_slug="gold")
    lapsed = decide_tier(tiers, current_slug="gold", qualified_slug="silver", floor_slug="",
                         grace_until=None, now=NOW, unrefunded_slug="silver")
    held = decide_tier(tiers, current_slug="gold", qualified_slug="", floor_slug="gold",
                       grace_until=None, now=NOW, unrefunded_slug="gold")
    assert (undone.slug, undone.grace_until, undone.reason) == (
        "silver", None, "an order that counted was refunded or cancelled")
    assert (lapsed.slug, lapsed.grace_until) == ("gold", NOW + timedelta(days=30))
    assert held.slug == "gold"


def test_tier_without_grace_demotes_at_once_and_floor_holds():
    tiers = ladder()
    assert decide_tier(tiers, current_slug="silver", qualified_slug="", floor_slug="",
                       grace_until=None, now=NOW).slug == ""
    assert decide_tier(tiers, current_slug="gold", qualified_slug="", floor_slug="gold",
                       grace_until=None, now=NOW).slug == "gold"


def test_add_months_clamps_to_the_end_of_the_month():
    from saleor_loyalty_plugin.core.calendar import add_months

    assert add_months(datetime(2026, 1, 31, 9), 1) == datetime(2026, 2, 28, 9)
    assert add_months(datetime(2026, 11, 23), 12) == datetime(2027, 11, 23)
    assert add_months(datetime(2027, 12, 15), 1) == datetime(2028, 1, 15)
