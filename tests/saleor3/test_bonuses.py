"""Signup and birthday bonuses on Saleor 3, each paid once, through Saleor's own API."""
from datetime import datetime, timezone as dt_timezone

import pytest
from django.contrib.auth import get_user_model
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.tasks import birthday_bonuses_task

from . import flows
from .test_guest_orders import CONFIRM_CUSTOMER, no_email_confirmation  # noqa: F401

pytestmark = pytest.mark.django_db

MY_BONUSES = """
query { myLoyalty { pointsBalance birthDate transactions(first: 10) {
  edges { node { kind points reason } } } } }"""
SET_BIRTH_DATE = """
mutation Born($date: String!) {
  loyaltySetBirthDate(birthDate: $date) { account { birthDate } errors { field code message } }
}"""
PROGRAM = """query { loyaltyProgram { bonuses { signupPoints birthdayPoints referralWelcomePoints
  referralRewardPoints referralMonthlyLimit referralsEnabled } } }"""


def at(year, month, day):
    return datetime(year, month, day, 9, 0, tzinfo=dt_timezone.utc)


def bonus_rows(kind):
    return list(LoyaltyTransaction.objects.filter(kind=kind).values_list("account__email",
                                                                           "points"))


def test_signup_bonus_is_paid_once_the_account_is_confirmed_and_only_once(
    enable_loyalty, shop, api_client, site_settings, users_staff, loyalty_route
):
    # given: the shop asks new accounts to confirm their e-mail
    enable_loyalty(signup_bonus_points="50")
    assert site_settings.enable_account_confirmation_by_email is True

    # when: someone registers; then staff confirm the account, and save it again
    flows.register(api_client, shop, "new@example.com")
    user = get_user_model().objects.get(email="new@example.com")
    unconfirmed = bonus_rows("signup_bonus")
    flows.mutate(users_staff, CONFIRM_CUSTOMER, {"id": to_global_id("User", user.pk)})
    flows.mutate(users_staff, CONFIRM_CUSTOMER, {"id": to_global_id("User", user.pk)})

    # then
    assert unconfirmed == []
    assert bonus_rows("signup_bonus") == [("new@example.com", 50)]
    loyalty = flows.loyalty(loyalty_route, MY_BONUSES, user=user)["myLoyalty"]
    assert loyalty["pointsBalance"] == 50
    assert loyalty["transactions"]["edges"][0]["node"]["kind"] == "SIGNUP_BONUS"


def test_without_e_mail_confirmation_the_bonus_comes_at_registration(
    enable_loyalty, shop, api_client, no_email_confirmation, loyalty_route  # noqa: F811
):
    enable_loyalty(signup_bonus_points="50")

    flows.register(api_client, shop, "new@example.com")

    assert bonus_rows("signup_bonus") == [("new@example.com", 50)]
    program = flows.loyalty(loyalty_route, PROGRAM)["loyaltyProgram"]
    assert program["bonuses"]["signupPoints"] == 50


def test_birth_date_is_set_once_and_a_change_is_refused(
    enable_loyalty, customer_user, loyalty_route
):
    # given
    enable_loyalty(birthday_bonus_points="100")

    # when
    _, first = loyalty_route.post(SET_BIRTH_DATE, {"date": "1990-05-17"}, user=customer_user)
    _, again = loyalty_route.post(SET_BIRTH_DATE, {"date": "1990-05-17"}, user=customer_user)
    _, moved = loyalty_route.post(SET_BIRTH_DATE, {"date": "1990-06-01"}, user=customer_user)
    _, future = loyalty_route.post(SET_BIRTH_DATE, {"date": "2999-01-01"}, user=customer_user)
    _, garbled = loyalty_route.post(SET_BIRTH_DATE, {"date": "17/05/1990"}, user=customer_user)
    _, anonymous = loyalty_route.post(SET_BIRTH_DATE, {"date": "1990-05-17"})

    # then
    assert first["data"]["loyaltySetBirthDate"] == {"account": {"birthDate": "1990-05-17"},
                                                    "errors": []}
    assert again["data"]["loyaltySetBirthDate"]["errors"] == []
    [error] = moved["data"]["loyaltySetBirthDate"]["errors"]
    assert (error["field"], error["code"]) == ("birthDate", "BIRTH_DATE_ALREADY_SET")
    assert future["data"]["loyaltySetBirthDate"]["errors"][0]["code"] == "INVALID"
    assert garbled["data"]["loyaltySetBirthDate"]["errors"][0]["code"] == "INVALID"
    assert anonymous["data"]["loyaltySetBirthDate"]["errors"][0]["code"] == "PERMISSION_DENIED"
    loyalty = flows.loyalty(loyalty_route, MY_BONUSES, user=customer_user)["myLoyalty"]
    assert loyalty["birthDate"] == "1990-05-17"


def test_birthday_bonus_once_a_year_even_when_the_job_runs_again_or_late(
    enable_loyalty, customer_user, staff_api_client, loyalty_route
):
    # given
    with freeze_time(at(2026, 1, 5)):
        staff_api_client.token = None
        enable_loyalty(birthday_bonus_points="100")
        loyalty_route.post(SET_BIRTH_DATE, {"date": "1990-05-17"}, user=customer_user)

    # when: the day before, twice on the day, three days later, and a year on
    with freeze_time(at(2026, 5, 16)):
        birthday_bonuses_task.apply()
        day_before = bonus_rows("birthday_bonus")
    with freeze_time(at(2026, 5, 17)):
        birthday_bonuses_task.apply()
        birthday_bonuses_task.apply()
    with freeze_time(at(2026, 5, 20)):
        birthday_bonuses_task.apply()
        this_year = bonus_rows("birthday_bonus")
    with freeze_time(at(2027, 5, 19)):  # the job was down on the day: caught up
        birthday_bonuses_task.apply()

    # then
    assert day_before == []
    assert this_year == [(customer_user.email, 100)]
    assert bonus_rows("birthday_bonus") == [(customer_user.email, 100)] * 2
    loyalty = flows.loyalty(loyalty_route, MY_BONUSES, user=customer_user)["myLoyalty"]
    assert loyalty["pointsBalance"] == 200
