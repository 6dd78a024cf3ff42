"""Staff's listing of loyalty accounts on Saleor 3 (MANAGE_USERS): search by e-mail or
name, filter by tier and balance, sort, keyset pages; a page costs the same queries
whatever its size (dataloaders)."""
import json

import pytest
from django.db import connection
from django.utils import timezone
from django.test.utils import CaptureQueriesContext
from saleor.account.models import User

from tests.bad_text import assert_plain

from . import flows

pytestmark = pytest.mark.django_db

ACCOUNTS = """
query Accounts($first: Int, $after: String, $filter: LoyaltyAccountFilterInput,
               $sortBy: LoyaltyAccountSortingInput) {
  loyaltyAccounts(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { email pointsBalance tier { name } } }
  }
}"""
EVERYTHING = """
query Everything {
  loyaltyAccounts(first: 50) {
    totalCount
    edges { node {
      email pointsBalance pendingPoints lifetimePoints channel
      tier { name perks { discountMinOrderMoney { amount } } }
      nextTier { name thresholdMoney { amount currency } }
      progressToNextTier { percent remainingMoney { amount currency } }
      availableRewards { code kind label minSpentMoney { amount } }
      punchCards { name progress goal freeUnitCodes }
      expiringPoints { points expiresAt }
    } }
  }
}"""
ADJUST = """
mutation Adjust($email: String!, $points: Int!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Goodwill") {
    errors { field code message }
  }
}"""
SET_TIER = """
mutation Tier($email: String!, $tier: String) {
  loyaltySetTier(email: $email, tier: $tier, reason: "Support") { errors { field code message } }
}"""
LADDER = [
    {"name": "Silver", "basis": "money_spent", "threshold": 100, "window": "rolling_12_months",
     "discount_percent": 5, "discount_min_order": 50},
    {"name": "Gold", "basis": "money_spent", "threshold": 500, "window": "rolling_12_months",
     "discount_percent": 10, "discount_min_order": 100, "free_shipping": True},
]
CARDS = [{"name": "Tee club", "product_sku": "TEE", "goal": 5}]
MEMBERS = [
    # e-mail, first name, last name, points, tier
    ("ada@example.com", "Ada", "Lovelace", 30, "silver"),
    ("grace@example.com", "Grace", "Hopper", 10, None),
    ("alan@example.com", "Alan", "Turing", 30, "gold"),
    ("edsger@example.com", "Edsger", "Dijkstra", 20, "silver"),
    ("barbara@example.com", "Barbara", "Liskov", 50, None),
]


@pytest.fixture
def members(enable_loyalty, users_staff, merged_graphql, channel_USD):
    """Five customers with points, some with a tier, in a program with a ladder, a card and
    points that lapse a year after they become available."""
    enable_loyalty(tiers=json.dumps(LADDER), punch_cards=json.dumps(CARDS),
                   points_expiry="after_available", points_expiry_months="12")

    def add(rows):
        for email, first_name, last_name, points, tier in rows:
            User.objects.create(email=email, first_name=first_name, last_name=last_name,
                                is_active=True)
            flows.mutate(users_staff, ADJUST, {"email": email, "points": points})
            if tier:
                flows.mutate(users_staff, SET_TIER, {"email": email, "tier": tier})

    add(MEMBERS)
    return add


def emails(page):
    return [edge["node"]["email"] for edge in page["edges"]]


def accounts(client, **variables):
    return flows.gql(client, ACCOUNTS, variables)["loyaltyAccounts"]


def test_staff_sort_by_balance_and_page_through_ties(members, users_staff):
    # given
    by_balance = {"field": "POINTS_BALANCE", "direction": "DESC"}

    # when
    first = accounts(users_staff, first=2, sortBy=by_balance)
    second = accounts(users_staff, first=2, sortBy=by_balance, after=first["pageInfo"]["endCursor"])
    third = accounts(users_staff, first=2, sortBy=by_balance, after=second["pageInfo"]["endCursor"])

    # then: 50, then the two 30s (the later account first), 20, 10
    assert emails(first) == ["barbara@example.com", "alan@example.com"]
    assert emails(second) == ["ada@example.com", "edsger@example.com"]
    assert emails(third) == ["grace@example.com"]
    assert (first["totalCount"], third["pageInfo"]["hasNextPage"]) == (5, False)


def test_the_default_order_is_by_email(members, users_staff):
    # when
    page = accounts(users_staff, first=10)

    # then
    assert emails(page) == sorted(email for email, *_ in MEMBERS)


@pytest.mark.parametrize("account_filter, expected", [
    ({"search": "hopper"}, ["grace@example.com"]),
    ({"search": "Ada love"}, ["ada@example.com"]),
    ({"search": "lovelace grace"}, []),
    ({"search": "ALAN"}, ["alan@example.com"]),
    ({"tiers": ["silver"]}, ["ada@example.com", "edsger@example.com"]),
    ({"tiers": [""]}, ["barbara@example.com", "grace@example.com"]),
    ({"minPointsBalance": 20, "maxPointsBalance": 30},
     ["ada@example.com", "alan@example.com", "edsger@example.com"]),
    ({"search": "nobody"}, []),
])
def test_staff_filter_accounts(members, users_staff, account_filter, expected):
    # when
    page = accounts(users_staff, first=10, filter=account_filter)

    # then
    assert emails(page) == expected and page["totalCount"] == len(expected)


def test_a_cursor_of_another_sort_is_refused(members, users_staff):
    # given
    cursor = accounts(users_staff, first=2)["pageInfo"]["endCursor"]

    # when
    body = users_staff.post_graphql(ACCOUNTS, {
        "first": 2, "after": cursor, "sortBy": {"field": "POINTS_BALANCE", "direction": "ASC"},
    }).json()

    # then
    assert body["errors"][0]["message"] == "Invalid cursor: pass a cursor this list returned."


@pytest.mark.parametrize("who", ["customer", "clerk"])
def test_only_staff_with_manage_users_list_accounts(members, user_api_client, staff_api_client,
                                                    clerk, who):
    # given
    client = user_api_client
    if who == "clerk":
        staff_api_client.user = clerk
        client = staff_api_client

    # when
    body = client.post_graphql(ACCOUNTS, {"first": 5}).json()

    # then
    assert body["data"] == {"loyaltyAccounts": None}
    assert "MANAGE_USERS" in body["errors"][0]["message"]


def test_bad_search_text_is_a_plain_error(members, users_staff):
    # when
    body = users_staff.post_graphql(ACCOUNTS, {"first": 5, "filter": {"search": "a\x00b"}}).json()

    # then
    assert body["data"] == {"loyaltyAccounts": None}
    assert "search" in body["errors"][0]["message"]
    assert_plain(body["errors"][0]["message"])


def test_a_page_costs_the_same_queries_whatever_its_size(members, users_staff):
    # given: a page of five members
    with CaptureQueriesContext(connection) as five:
        small = flows.gql(users_staff, EVERYTHING)["loyaltyAccounts"]

    # when: twelve more members join
    members([("member%d@example.com" % n, "Member", "No%d" % n, 10 + n,
              "gold" if n % 2 else "silver") for n in range(12)])
    with CaptureQueriesContext(connection) as seventeen:
        large = flows.gql(users_staff, EVERYTHING)["loyaltyAccounts"]

    # then: the same number of queries, with every field answered
    assert (small["totalCount"], large["totalCount"]) == (5, 17)
    print("\nqueries for a page of 5 accounts: %d, of 17: %d"
          % (len(five.captured_queries), len(seventeen.captured_queries)))
    assert len(seventeen.captured_queries) == len(five.captured_queries)
    silver = next(e["node"] for e in large["edges"] if e["node"]["email"] == "ada@example.com")
    assert silver["tier"] == {"name": "Silver",
                              "perks": {"discountMinOrderMoney": {"amount": 50.0}}}
    assert silver["nextTier"] == {"name": "Gold",
                                  "thresholdMoney": {"amount": 500.0, "currency": "USD"}}
    assert silver["progressToNextTier"] == {"percent": 0,
                                            "remainingMoney": {"amount": 500.0, "currency": "USD"}}
    assert [r["label"] for r in silver["availableRewards"]] == ["Silver: 5% off on orders over 50"]
    assert silver["punchCards"] == [{"name": "Tee club", "progress": 0, "goal": 5,
                                     "freeUnitCodes": []}]
    # ada's 30 goodwill points became available today: they lapse in a year
    assert silver["expiringPoints"]["points"] == 30
    assert silver["expiringPoints"]["expiresAt"][:4] == str(timezone.now().year + 1)
