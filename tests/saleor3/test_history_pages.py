"""A customer's history on Saleor 3: pages that stay put while new rows arrive (keyset
cursors), and filters by kind, status and date, as a storefront pages through it."""
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
from freezegun import freeze_time

from . import flows

pytestmark = pytest.mark.django_db

HISTORY = """
query History($first: Int, $after: String, $last: Int, $before: String,
              $filter: LoyaltyTransactionFilterInput) {
  myLoyalty {
    transactions(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { kind status points reason createdAt } }
    }
  }
}"""
ADJUST = """
mutation Adjust($email: String!, $points: Int!, $reason: String!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: $reason) {
    errors { field code message }
  }
}"""


@pytest.fixture
def give(users_staff, customer_user, enable_loyalty, merged_graphql):
    enable_loyalty()

    def give(*reasons, points=10):
        for reason in reasons:
            flows.mutate(users_staff, ADJUST,
                         {"email": customer_user.email, "points": points, "reason": reason})

    return give


@contextmanager
def on(moment, *clients):
    """Frozen at ``moment``, with access tokens issued then (Saleor checks their dates)."""
    with freeze_time(moment):
        for client in clients:
            client.regenerate_access_token()
        yield
    for client in clients:
        client.regenerate_access_token()


def history(client, **variables):
    return flows.gql(client, HISTORY, variables)["myLoyalty"]["transactions"]


def reasons(page):
    return [edge["node"]["reason"] for edge in page["edges"]]


def test_pages_stay_put_while_new_rows_arrive(give, user_api_client):
    # given: five rows, the newest first
    give("one", "two", "three", "four", "five")
    first_page = history(user_api_client, first=2)

    # when: two rows arrive before the shopper asks for the next page
    give("six", "seven")
    second_page = history(user_api_client, first=2, after=first_page["pageInfo"]["endCursor"])
    last_page = history(user_api_client, first=2, after=second_page["pageInfo"]["endCursor"])

    # then: no row twice, none skipped (an offset cursor would repeat "four")
    assert reasons(first_page) == ["five", "four"]
    assert reasons(second_page) == ["three", "two"]
    assert reasons(last_page) == ["one"]
    assert (second_page["pageInfo"]["hasNextPage"], last_page["pageInfo"]["hasNextPage"]) == (
        True, False)
    assert last_page["pageInfo"]["hasPreviousPage"] is True
    assert last_page["totalCount"] == 7


def test_paging_backwards_from_a_cursor(give, user_api_client):
    # given
    give("one", "two", "three", "four", "five")
    oldest = history(user_api_client, first=5)["edges"][-1]["cursor"]

    # when
    before_oldest = history(user_api_client, last=2, before=oldest)
    newest_two = history(user_api_client, last=2, before=before_oldest["pageInfo"]["startCursor"])

    # then
    assert reasons(before_oldest) == ["three", "two"]
    assert before_oldest["pageInfo"]["hasPreviousPage"] is True
    assert before_oldest["pageInfo"]["hasNextPage"] is True
    assert reasons(newest_two) == ["five", "four"]
    assert newest_two["pageInfo"]["hasPreviousPage"] is False


def test_filters_by_kind_status_and_date(give, shop, user_api_client, payment_app, users_staff):
    # given: bonuses in March and May, an order earning pending points in June
    with on("2026-03-10 12:00:00", users_staff):
        give("March bonus")
    with on("2026-05-10 12:00:00", users_staff):
        give("May bonus")
    with on("2026-06-10 12:00:00", user_api_client):
        flows.checkout(user_api_client, shop, 2, payment_app=payment_app)
        june_earn = history(user_api_client, filter={"kinds": ["EARN"]})

    # when
    earned = history(user_api_client, filter={"kinds": ["EARN"]})
    pending = history(user_api_client, filter={"statuses": ["PENDING"]})
    adjustments = history(user_api_client, filter={"kinds": ["ADJUST", "REDEEM"]})
    spring = history(user_api_client, filter={
        "from": "2026-03-01T00:00:00+00:00", "to": "2026-06-01T00:00:00+00:00"})
    may_onwards = history(user_api_client, filter={"from": "2026-05-10T12:00:00+00:00"})

    # then
    assert [e["node"]["kind"] for e in earned["edges"]] == ["EARN"] and earned["totalCount"] == 1
    assert earned == june_earn
    assert [e["node"]["status"] for e in pending["edges"]] == ["PENDING"]
    assert reasons(adjustments) == ["May bonus", "March bonus"]
    assert reasons(spring) == ["May bonus", "March bonus"]
    assert reasons(may_onwards)[1:] == ["May bonus"] and may_onwards["totalCount"] == 2
    assert datetime.fromisoformat(earned["edges"][0]["node"]["createdAt"]) == datetime(
        2026, 6, 10, 12, tzinfo=timezone.utc)


def test_a_filtered_page_continues_within_the_filter(give, user_api_client):
    # given
    give("a", "b", "c")
    give("take", points=-5)
    give("d")

    # when
    first = history(user_api_client, first=2, filter={"kinds": ["ADJUST"]})
    rest = history(user_api_client, first=10, after=first["pageInfo"]["endCursor"],
                   filter={"kinds": ["ADJUST"]})

    # then
    assert reasons(first) + reasons(rest) == ["d", "take", "c", "b", "a"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJ4Il0=", "WyJMb3lhbHR5VHJhbnNhY3Rpb24iLDFd"])
def test_a_foreign_cursor_is_a_plain_error(give, user_api_client, cursor):
    # given
    give("one")

    # when
    body = user_api_client.post_graphql(HISTORY, {"first": 2, "after": cursor}).json()

    # then
    assert body["errors"][0]["message"] == "Invalid cursor: pass a cursor this list returned."


def test_first_and_last_together_are_refused(give, user_api_client):
    # given
    give("one")

    # when
    body = user_api_client.post_graphql(HISTORY, {"first": 2, "last": 2}).json()

    # then
    assert body["errors"][0]["message"] == "Pass either 'first' or 'last', not both."
