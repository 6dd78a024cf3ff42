"""Who sees what: anonymous, the customer, another customer, staff with and without MANAGE_USERS."""
import pytest

from tests.bad_text import BAD_TEXT, QUERIES_WITH_TEXT, SET_TIER, assert_plain

from .queries import ADJUST, LOYALTY_ACCOUNT, MY_LOYALTY, PROGRAM, my_loyalty

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_with_points(storefront, graphql, staff_token, customer):
    data = graphql.execute(
        ADJUST,
        {"email": customer.email, "points": 120, "reason": "Welcome bonus"},
        token=staff_token,
    )["loyaltyAdjustPoints"]
    assert data["errors"] == []
    return customer


def test_anonymous_sees_no_one(graphql, customer_with_points):
    # when
    status, body = graphql.raw(MY_LOYALTY)

    # then
    assert status == 200
    assert body["data"] == {"myLoyalty": None}
    assert "errors" not in body


def test_program_is_public(graphql, staff_token):
    assert graphql.execute(PROGRAM)["loyaltyProgram"]["isActive"] is False


def test_customer_sees_own_points_and_another_customer_sees_none(
    storefront, graphql, customer_with_points
):
    # given
    storefront.register("someone@example.com", "someone-password-1")
    other_token = storefront.login("someone@example.com", "someone-password-1")

    # when
    mine = my_loyalty(graphql, customer_with_points.token)
    theirs = my_loyalty(graphql, other_token)

    # then
    assert (mine["email"], mine["pointsBalance"]) == (customer_with_points.email, 120)
    assert mine["transactions"]["edges"][0]["node"]["reason"] == "Welcome bonus"
    assert (theirs["email"], theirs["pointsBalance"], theirs["transactions"]["totalCount"]) == (
        "someone@example.com", 0, 0
    )


@pytest.mark.parametrize("who", ["anonymous", "customer", "clerk"])
def test_only_manage_users_staff_read_accounts_by_email(
    graphql, customer_with_points, limited_staff_token, who
):
    # given
    token = {"anonymous": None, "customer": customer_with_points.token,
             "clerk": limited_staff_token}[who]

    # when
    status, body = graphql.raw(LOYALTY_ACCOUNT, {"email": customer_with_points.email}, token)

    # then
    assert status == 200
    assert body["data"]["loyaltyAccount"] is None
    assert "MANAGE_USERS" in body["errors"][0]["message"]


def test_manage_users_staff_read_accounts_by_email(graphql, staff_token, customer_with_points):
    data = graphql.execute(LOYALTY_ACCOUNT, {"email": customer_with_points.email}, staff_token)
    assert data["loyaltyAccount"]["pointsBalance"] == 120


@pytest.mark.parametrize("who", ["anonymous", "customer", "clerk"])
def test_only_manage_users_staff_adjust_points(
    graphql, customer_with_points, limited_staff_token, who
):
    # given
    token = {"anonymous": None, "customer": customer_with_points.token,
             "clerk": limited_staff_token}[who]

    # when
    data = graphql.execute(
        ADJUST, {"email": customer_with_points.email, "points": 1000, "reason": "free"}, token
    )["loyaltyAdjustPoints"]

    # then
    assert data["account"] is None
    assert [e["code"] for e in data["errors"]] == ["PERMISSION_DENIED"]
    assert my_loyalty(graphql, customer_with_points.token)["pointsBalance"] == 120


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
    graphql, staff_token, customer_with_points, variables, field, code
):
    # given
    variables = dict({"email": customer_with_points.email}, **variables)

    # when
    data = graphql.execute(ADJUST, variables, staff_token)["loyaltyAdjustPoints"]

    # then
    [error] = data["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"]
    assert my_loyalty(graphql, customer_with_points.token)["pointsBalance"] == 120


def test_adjustment_down_to_zero_is_allowed_and_kept_with_its_reason(
    graphql, staff_token, customer_with_points
):
    # when
    data = graphql.execute(
        ADJUST, {"email": customer_with_points.email, "points": -120, "reason": "Duplicate bonus"},
        staff_token,
    )["loyaltyAdjustPoints"]

    # then
    assert data["errors"] == []
    assert data["account"]["pointsBalance"] == 0
    assert data["transaction"] == {
        "kind": "ADJUST", "points": -120, "reason": "Duplicate bonus", "status": "AVAILABLE"
    }


def test_retried_adjustment_with_the_same_key_applies_once(
    graphql, staff_token, customer_with_points
):
    # when
    variables = {"email": customer_with_points.email, "points": 30, "reason": "Sorry", "key": "t-1"}
    first = graphql.execute(ADJUST, variables, staff_token)["loyaltyAdjustPoints"]
    second = graphql.execute(ADJUST, variables, staff_token)["loyaltyAdjustPoints"]

    # then
    assert first["account"]["pointsBalance"] == second["account"]["pointsBalance"] == 150
    assert second["transaction"]["points"] == 30


def test_malformed_requests_get_graphql_errors_not_500(graphql, customer):
    # when
    status_type, body_type = graphql.raw(
        ADJUST, {"email": "a@b.c", "points": "ten", "reason": "x"}, customer.token
    )
    status_page, body_page = graphql.raw(
        "{ myLoyalty { transactions(first: 1000) { totalCount } } }", token=customer.token
    )

    # then
    assert status_type == 400 and body_type["errors"]
    assert status_page == 200
    assert "between 0 and 100" in body_page["errors"][0]["message"]


ADJUST_IN_CHANNEL = """
mutation Adjust($email: String!, $points: Int!, $reason: String!, $key: String,
                $channel: String) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: $reason, idempotencyKey: $key,
                      channel: $channel) {
    account { email pointsBalance }
    transaction { kind points reason status }
    errors { field code message }
  }
}"""

@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("argument, field", [
    ("email", "email"), ("reason", "reason"), ("key", "idempotencyKey"), ("channel", "channel"),
])
def test_bad_text_in_an_adjustment_is_a_clean_invalid_error(
    graphql, staff_token, customer_with_points, argument, field, bad
):
    # given
    variables = {"email": customer_with_points.email, "points": 10, "reason": "Sorry",
                 "key": "t-1", "channel": None}
    variables[argument] = bad

    # when
    status, body = graphql.raw(ADJUST_IN_CHANNEL, variables, staff_token)

    # then
    assert status == 200 and "errors" not in body, body
    [error] = body["data"]["loyaltyAdjustPoints"]["errors"]
    assert (error["field"], error["code"]) == (field, "INVALID")
    assert_plain(error["message"])
    assert my_loyalty(graphql, customer_with_points.token)["pointsBalance"] == 120


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("argument", ["email", "tier", "reason", "channel"])
def test_bad_text_in_set_tier_is_a_clean_invalid_error(
    graphql, staff_token, customer_with_points, argument, bad
):
    # given
    variables = {"email": customer_with_points.email, "tier": "gold", "reason": "VIP",
                 "channel": None}
    variables[argument] = bad

    # when
    status, body = graphql.raw(SET_TIER, variables, staff_token)

    # then
    assert status == 200 and "errors" not in body, body
    [error] = body["data"]["loyaltySetTier"]["errors"]
    assert (error["field"], error["code"]) == (argument, "INVALID")
    assert_plain(error["message"])


@pytest.mark.parametrize("bad", BAD_TEXT)
@pytest.mark.parametrize("query, variables", [
    ("loyaltyAccount", {"email": "{bad}"}),
    ("loyaltyAccount", {"email": "shopper@example.com", "channel": "{bad}"}),
    ("myLoyalty", {"channel": "{bad}"}),
    ("loyaltyProgram", {"channel": "{bad}"}),
])
def test_bad_text_in_a_query_is_a_plain_graphql_error(
    graphql, staff_token, customer_with_points, query, variables, bad
):
    # given
    variables = {name: value.replace("{bad}", bad) for name, value in variables.items()}
    argument = [name for name, value in variables.items() if bad in value][0]

    # when
    status, body = graphql.raw(QUERIES_WITH_TEXT[query], variables, staff_token)

    # then
    assert status == 200
    assert body["data"] == {query: None}
    [error] = body["errors"]
    assert_plain(error["message"])
    assert "The %s is not valid" % argument in error["message"]


def test_the_same_idempotency_key_for_another_customer_makes_its_own_adjustment(
    storefront, graphql, staff_token, customer_with_points
):
    # given
    storefront.register("someone@example.com", "someone-password-1")
    other_token = storefront.login("someone@example.com", "someone-password-1")
    first = graphql.mutate(ADJUST, {"email": customer_with_points.email, "points": 30,
                                    "reason": "Late parcel", "key": "ticket-123"}, staff_token)

    # when
    second = graphql.mutate(ADJUST, {"email": "someone@example.com", "points": 50,
                                     "reason": "Broken zip", "key": "ticket-123"}, staff_token)
    retried = graphql.mutate(ADJUST, {"email": "someone@example.com", "points": 50,
                                      "reason": "Broken zip", "key": "ticket-123"}, staff_token)

    # then
    assert first["account"] == {"email": customer_with_points.email, "pointsBalance": 150}
    assert second["account"] == retried["account"] == {
        "email": "someone@example.com", "pointsBalance": 50}
    assert second["transaction"] == retried["transaction"] == {
        "kind": "ADJUST", "points": 50, "reason": "Broken zip", "status": "AVAILABLE"}
    assert my_loyalty(graphql, other_token)["pointsBalance"] == 50
    assert my_loyalty(graphql, customer_with_points.token)["pointsBalance"] == 150
