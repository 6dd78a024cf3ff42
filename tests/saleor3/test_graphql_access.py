"""Who sees what: anonymous, the customer, another customer, staff with and without
MANAGE_USERS; at the plugin route and at Saleor's own /graphql/ (merged schema)."""
import pytest
from saleor.graphql.tests.fixtures import ApiClient

from tests.bad_text import BAD_TEXT, QUERIES_WITH_TEXT, SET_TIER, assert_plain

from . import flows

pytestmark = pytest.mark.django_db

MY_LOYALTY = """
query { myLoyalty { email pointsBalance transactions(first: 10) {
  totalCount edges { node { kind points reason } } } } }"""
LOYALTY_ACCOUNT = """
query Account($email: String!) {
  loyaltyAccount(email: $email) { email pointsBalance pendingPoints
    transactions(first: 5) { edges { node { kind points reason } } } }
}"""
ADJUST = """
mutation Adjust($email: String!, $points: Int!, $reason: String!, $key: String) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: $reason, idempotencyKey: $key) {
    account { email pointsBalance }
    transaction { kind points reason status }
    errors { field code message }
  }
}"""
PROGRAM = "query { loyaltyProgram { channel isActive pointsPerCurrencyUnit pendingDays } }"
WHO = ("anonymous", "customer", "clerk")


@pytest.fixture
def customer_with_points(enable_loyalty, users_staff, customer_user, merged_graphql):
    """120 points given by staff through Saleor's /graphql/, as the dashboard would."""
    enable_loyalty()
    payload = flows.mutate(users_staff, ADJUST, {
        "email": customer_user.email, "points": 120, "reason": "Welcome bonus"})
    assert payload["account"]["pointsBalance"] == 120
    return customer_user


def user_for(who, customer_user, clerk):
    return {"anonymous": None, "customer": customer_user, "clerk": clerk}[who]


def balance(loyalty_route, user):
    return flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]["pointsBalance"]


def test_anonymous_sees_no_one_at_either_endpoint(
    customer_with_points, loyalty_route, api_client
):
    # when
    status, at_route = loyalty_route.post(MY_LOYALTY)
    at_saleor = api_client.post_graphql(MY_LOYALTY).json()

    # then
    assert status == 200
    assert at_route == {"data": {"myLoyalty": None}}
    assert at_saleor["data"] == {"myLoyalty": None} and "errors" not in at_saleor


def test_program_is_public_at_either_endpoint(enable_loyalty, loyalty_route, api_client,
                                              channel_USD, merged_graphql):
    # given
    enable_loyalty(points_per_currency_unit="2")

    # when
    at_route = flows.loyalty(loyalty_route, PROGRAM)
    at_saleor = flows.gql(api_client, PROGRAM)

    # then
    assert at_route == at_saleor == {"loyaltyProgram": {
        "channel": channel_USD.slug, "isActive": True, "pointsPerCurrencyUnit": 2.0,
        "pendingDays": 30}}


def test_customer_sees_own_points_and_another_customer_sees_none(
    customer_with_points, user_api_client, customer_user2, loyalty_route
):
    # when
    mine = flows.gql(user_api_client, MY_LOYALTY)["myLoyalty"]
    theirs = flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user2)["myLoyalty"]

    # then
    assert (mine["email"], mine["pointsBalance"]) == (customer_with_points.email, 120)
    assert mine["transactions"]["edges"][0]["node"]["reason"] == "Welcome bonus"
    assert (theirs["email"], theirs["pointsBalance"], theirs["transactions"]["totalCount"]) == (
        customer_user2.email, 0, 0)


@pytest.mark.parametrize("who", WHO)
def test_only_manage_users_staff_read_accounts_by_email(
    customer_with_points, clerk, loyalty_route, who
):
    # when
    status, body = loyalty_route.post(LOYALTY_ACCOUNT, {"email": customer_with_points.email},
                                      user=user_for(who, customer_with_points, clerk))

    # then
    assert status == 200
    assert body["data"]["loyaltyAccount"] is None
    assert "MANAGE_USERS" in body["errors"][0]["message"]


@pytest.mark.parametrize("who", WHO)
def test_only_manage_users_staff_read_accounts_at_saleors_endpoint(
    customer_with_points, clerk, who
):
    # given
    client = ApiClient(user=user_for(who, customer_with_points, clerk))

    # when
    response = client.post_graphql(LOYALTY_ACCOUNT, {"email": customer_with_points.email})

    # then
    body = response.json()
    assert response.status_code == 200
    assert body["data"]["loyaltyAccount"] is None
    assert "MANAGE_USERS" in body["errors"][0]["message"]


def test_manage_users_staff_read_accounts_by_email(customer_with_points, staff_user,
                                                   users_staff, loyalty_route):
    # when
    at_route = flows.loyalty(loyalty_route, LOYALTY_ACCOUNT,
                             {"email": customer_with_points.email}, user=staff_user)
    at_saleor = flows.gql(users_staff, LOYALTY_ACCOUNT, {"email": customer_with_points.email})

    # then
    assert at_route == at_saleor
    assert at_route["loyaltyAccount"]["pointsBalance"] == 120


@pytest.mark.parametrize("who", WHO)
def test_only_manage_users_staff_adjust_points(customer_with_points, clerk, loyalty_route, who):
    # when
    _, body = loyalty_route.post(
        ADJUST, {"email": customer_with_points.email, "points": 1000, "reason": "free"},
        user=user_for(who, customer_with_points, clerk))

    # then
    data = body["data"]["loyaltyAdjustPoints"]
    assert data["account"] is None
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert balance(loyalty_route, customer_with_points) == 120


@pytest.mark.parametrize(
    "variables, field, code",
    [
        ({"points": -121, "reason": "too much"}, "points", "INSUFFICIENT_POINTS"),
        ({"points": 10, "reason": "   "}, "reason", "REQUIRED"),
        ({"points": 0, "reason": "nothing"}, "points", "INVALID"),
        ({"points": 2_000_000_000, "reason": "huge"}, "points", "INVALID"),
        ({"points": 10, "reason": "x" * 1001}, "reason", "INVALID"),
        ({"points": 10, "reason": "ok", "email": "nobody@example.com"}, "email", "NOT_FOUND"),
        ({"points": 10, "reason": "ok", "key": ""}, "idempotencyKey", "INVALID"),
    ],
)
def test_bad_adjustments_are_refused_with_a_field_and_code(
    customer_with_points, users_staff, loyalty_route, variables, field, code
):
    # given
    variables = dict({"email": customer_with_points.email}, **variables)

    # when
    data = flows.gql(users_staff, ADJUST, variables)["loyaltyAdjustPoints"]

    # then
    [error] = data["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]
    assert balance(loyalty_route, customer_with_points) == 120


def test_adjustment_down_to_zero_is_allowed_and_kept_with_its_reason(
    customer_with_points, staff_user, users_staff, loyalty_route
):
    # when: at the plugin route this time
    data = flows.loyalty(loyalty_route, ADJUST, {
        "email": customer_with_points.email, "points": -120, "reason": "Duplicate bonus"},
        user=staff_user)["loyaltyAdjustPoints"]

    # then
    assert data["errors"] == []
    assert data["account"]["pointsBalance"] == 0
    assert data["transaction"] == {
        "kind": "ADJUST", "points": -120, "reason": "Duplicate bonus", "status": "AVAILABLE"}


def test_retried_adjustment_with_the_same_key_applies_once(
    customer_with_points, users_staff, loyalty_route
):
    # when
    variables = {"email": customer_with_points.email, "points": 30, "reason": "Sorry",
                 "key": "t-1"}
    first = flows.mutate(users_staff, ADJUST, variables)
    second = flows.mutate(users_staff, ADJUST, variables)

    # then
    assert first["account"]["pointsBalance"] == second["account"]["pointsBalance"] == 150
    assert second["transaction"]["points"] == 30
    assert balance(loyalty_route, customer_with_points) == 150


def test_malformed_requests_get_graphql_errors_not_500(
    enable_loyalty, user_api_client, customer_user, loyalty_route, merged_graphql
):
    # given
    enable_loyalty()
    wrong_type = {"email": "a@b.c", "points": "ten", "reason": "x"}
    too_many = "{ myLoyalty { transactions(first: 1000) { totalCount } } }"

    # when
    route_type_status, route_type = loyalty_route.post(ADJUST, wrong_type, user=customer_user)
    route_page_status, route_page = loyalty_route.post(too_many, user=customer_user)
    saleor_type = user_api_client.post_graphql(ADJUST, wrong_type)
    saleor_page = user_api_client.post_graphql(too_many)
    not_json_status, _ = loyalty_route.post_raw("{not json")

    # then
    assert route_type_status == 400 and route_type["errors"]
    assert saleor_type.status_code == 400 and saleor_type.json()["errors"]
    assert route_page_status == saleor_page.status_code == 200
    for body in (route_page, saleor_page.json()):
        assert "between 0 and 100" in body["errors"][0]["message"]
    assert not_json_status == 400


ADJUST_IN_CHANNEL = """
mutation Adjust($email: String!, $points: Int!, $reason: String!, $key: String,
                $channel: String) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: $reason, idempotencyKey: $key,
                      channel: $channel) {
    account { email pointsBalance }
    errors { field code message }
  }
}"""

def at_both_endpoints(loyalty_route, saleor_client, query, variables):
    """(status, body) at the plugin route and at Saleor's /graphql/, as the same user."""
    at_route = loyalty_route.post(query, variables, user=saleor_client.user)
    response = saleor_client.post_graphql(query, variables)
    return [at_route, (response.status_code, response.json())]


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("argument, field", [
    ("email", "email"), ("reason", "reason"), ("key", "idempotencyKey"), ("channel", "channel"),
])
def test_bad_text_in_an_adjustment_is_a_clean_invalid_error(
    customer_with_points, users_staff, loyalty_route, argument, field, bad
):
    # given
    variables = {"email": customer_with_points.email, "points": 10, "reason": "Sorry",
                 "key": "t-1", "channel": None}
    variables[argument] = bad

    # when
    answers = at_both_endpoints(loyalty_route, users_staff, ADJUST_IN_CHANNEL, variables)

    # then
    for status, body in answers:
        assert status == 200 and "errors" not in body, body
        [error] = body["data"]["loyaltyAdjustPoints"]["errors"]
        assert (error["field"], error["code"]) == (field, "INVALID")
        assert_plain(error["message"])
    assert balance(loyalty_route, customer_with_points) == 120


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("argument", ["email", "tier", "reason", "channel"])
def test_bad_text_in_set_tier_is_a_clean_invalid_error(
    customer_with_points, users_staff, loyalty_route, argument, bad
):
    # given
    variables = {"email": customer_with_points.email, "tier": "gold", "reason": "VIP",
                 "channel": None}
    variables[argument] = bad

    # when
    answers = at_both_endpoints(loyalty_route, users_staff, SET_TIER, variables)

    # then
    for status, body in answers:
        assert status == 200 and "errors" not in body, body
        [error] = body["data"]["loyaltySetTier"]["errors"]
        assert (error["field"], error["code"]) == (argument, "INVALID")
        assert_plain(error["message"])


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("query, variables", [
    ("loyaltyAccount", {"email": "{bad}"}),
    ("loyaltyAccount", {"email": "someone@example.com", "channel": "{bad}"}),
    ("myLoyalty", {"channel": "{bad}"}),
    ("loyaltyProgram", {"channel": "{bad}"}),
])
def test_bad_text_in_a_query_is_a_plain_graphql_error(
    customer_with_points, users_staff, loyalty_route, query, variables, bad
):
    # given
    variables = {name: value.replace("{bad}", bad) for name, value in variables.items()}
    argument = [name for name, value in variables.items() if bad in value][0]

    # when
    answers = at_both_endpoints(loyalty_route, users_staff, QUERIES_WITH_TEXT[query], variables)

    # then
    for status, body in answers:
        assert status == 200, body
        assert body["data"] == {query: None}
        [error] = body["errors"]
        assert_plain(error["message"])
        assert "The %s is not valid" % argument in error["message"]


def test_the_same_idempotency_key_for_another_customer_makes_its_own_adjustment(
    customer_with_points, customer_user2, users_staff, staff_user, loyalty_route
):
    # given: at Saleor's /graphql/ for one customer, at the plugin route for the other
    first = flows.mutate(users_staff, ADJUST, {
        "email": customer_with_points.email, "points": 30, "reason": "Late parcel",
        "key": "ticket-123"})
    variables = {"email": customer_user2.email, "points": 50, "reason": "Broken zip",
                 "key": "ticket-123"}

    # when
    second = flows.loyalty(loyalty_route, ADJUST, variables, user=staff_user)
    retried = flows.mutate(users_staff, ADJUST, variables)

    # then
    second = second["loyaltyAdjustPoints"]
    assert first["account"] == {"email": customer_with_points.email, "pointsBalance": 150}
    assert second["account"] == retried["account"] == {
        "email": customer_user2.email, "pointsBalance": 50}
    assert second["transaction"] == retried["transaction"] == {
        "kind": "ADJUST", "points": 50, "reason": "Broken zip", "status": "AVAILABLE"}
    assert balance(loyalty_route, customer_user2) == 50
    assert balance(loyalty_route, customer_with_points) == 150


def test_an_expired_token_gets_the_answer_saleor_gives_never_a_server_error(
    enable_loyalty, customer_user, channel_USD, merged_graphql
):
    # given: an access token older than its five minutes
    import json as json_module
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone
    from freezegun import freeze_time
    from saleor.core.jwt import create_access_token

    enable_loyalty()
    with freeze_time(timezone.now() - timedelta(minutes=10)):
        stale = create_access_token(customer_user)
    query = json_module.dumps({"query": "{ myLoyalty { pointsBalance } }"})
    headers = {"HTTP_AUTHORIZATION": "Bearer %s" % stale}

    # when: the storefront asks the plugin route and Saleor's own endpoint
    route = Client().post("/plugins/channel/%s/saleor_loyalty_plugin/graphql/" % channel_USD.slug,
                          query, content_type="application/json", **headers)
    saleor = Client().post("/graphql/", query, content_type="application/json", **headers)

    # then: the same status and error code from both, telling it to refresh the token
    def answer(response):
        body = json_module.loads(response.content.decode())
        return response.status_code, [e["extensions"]["exception"]["code"] for e in body["errors"]]

    assert answer(route) == answer(saleor)
    assert answer(route)[0] < 500 and answer(route)[1] == ["ExpiredSignatureError"]
