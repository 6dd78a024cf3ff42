"""Refer a friend on Saleor 3: codes, the claim after registering, the reward, the abuse cases."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from freezegun import freeze_time
from saleor.graphql.tests.fixtures import ApiClient

from saleor_loyalty_plugin.models import LoyaltyReferral, LoyaltyTransaction
from saleor_loyalty_plugin.tasks import referral_rewards_task, release_matured_points_task

from . import flows
from .test_guest_orders import no_email_confirmation  # noqa: F401

pytestmark = pytest.mark.django_db

MY_CODE = "query { myLoyalty { referralCode referralLink pointsBalance } }"
CLAIM = """
mutation Claim($code: String!) {
  loyaltyClaimReferral(code: $code) { account { pointsBalance } errors { field code message } }
}"""
ADDRESS_CREATE = """
mutation Address($input: AddressInput!) {
  accountAddressCreate(input: $input) { address { id } errors { field code message } }
}"""
REFERRER_ADDRESS = {"firstName": "John", "lastName": "Doe", "streetAddress1": "Tęczowa 7",
                    "city": "Wrocław", "postalCode": "53-601", "country": "PL"}
REFERRAL_PROGRAM = {"referral_welcome_points": "100", "referral_reward_points": "300",
                    "referral_link": "https://shop.example.com/register?ref={code}"}


@pytest.fixture
def referral_program(enable_loyalty, no_email_confirmation):  # noqa: F811
    def enable(**extra):
        enable_loyalty(**dict(REFERRAL_PROGRAM, **extra))
    enable()
    return enable


@pytest.fixture
def referrer_code(referral_program, customer_user, loyalty_route):
    return flows.loyalty(loyalty_route, MY_CODE, user=customer_user)["myLoyalty"]["referralCode"]


@pytest.fixture
def new_friend(shop, api_client):
    def register(email):
        flows.register(api_client, shop, email)
        return get_user_model().objects.get(email=email)
    return register


def claim(loyalty_route, friend, code):
    _, body = loyalty_route.post(CLAIM, {"code": code}, user=friend)
    return body["data"]["loyaltyClaimReferral"]


def error_code(payload):
    return [error["code"] for error in payload["errors"]]


def test_each_customer_has_a_code_and_a_link(referrer_code, customer_user, loyalty_route):
    mine = flows.loyalty(loyalty_route, MY_CODE, user=customer_user)["myLoyalty"]

    assert len(referrer_code) == 8 and mine["referralCode"] == referrer_code
    assert mine["referralLink"] == "https://shop.example.com/register?ref=%s" % referrer_code


def test_friend_gets_welcome_points_and_the_referrer_is_paid_after_the_first_order_settles(
    referral_program, referrer_code, new_friend, customer_user, shop, payment_app, loyalty_route
):
    # given
    referral_program(pending_days="14")
    friend = new_friend("friend@example.org")

    # when: the friend claims the code, orders, and the return window passes
    claimed = claim(loyalty_route, friend, referrer_code.lower())
    flows.checkout(ApiClient(user=friend), shop, 8, payment_app=payment_app)
    referral_rewards_task.apply()
    before_window = LoyaltyTransaction.objects.filter(kind="referral_reward").count()
    with freeze_time(timezone.now() + timedelta(days=15)):
        release_matured_points_task.apply()
        referral_rewards_task.apply()
        referral_rewards_task.apply()

    # then
    assert claimed == {"account": {"pointsBalance": 100}, "errors": []}
    assert before_window == 0
    assert list(LoyaltyTransaction.objects.filter(kind="referral_reward").values_list(
        "account__email", "points")) == [(customer_user.email, 300)]
    assert LoyaltyReferral.objects.get(friend=friend).status == "rewarded"


def test_a_friend_claims_once(referrer_code, new_friend, customer_user2, loyalty_route):
    friend = new_friend("friend@example.org")
    other_code = flows.loyalty(loyalty_route, MY_CODE, user=customer_user2)["myLoyalty"][
        "referralCode"]

    first = claim(loyalty_route, friend, referrer_code)
    again = claim(loyalty_route, friend, referrer_code)
    another = claim(loyalty_route, friend, other_code)

    assert first["errors"] == []
    assert error_code(again) == error_code(another) == ["REFERRAL_ALREADY_CLAIMED"]
    assert LoyaltyTransaction.objects.filter(kind="referral_welcome").count() == 1


def test_self_referral_is_refused_by_account_mailbox_address_and_phone(
    referrer_code, new_friend, customer_user, loyalty_route
):
    # given
    same_mailbox = new_friend("test+friend@example.com")  # the referrer is test@example.com
    same_address = new_friend("neighbour@example.org")
    flows.mutate(ApiClient(user=same_address), ADDRESS_CREATE, {"input": REFERRER_ADDRESS})
    same_phone = new_friend("phone@example.org")
    flows.mutate(ApiClient(user=same_phone), ADDRESS_CREATE, {"input": dict(
        REFERRER_ADDRESS, streetAddress1="Legnicka 1", phone="+48713988102")})

    # when / then
    for friend in (customer_user, same_mailbox, same_address, same_phone):
        assert error_code(claim(loyalty_route, friend, referrer_code)) == ["REFERRAL_SELF"], \
            friend.email
    assert not LoyaltyTransaction.objects.filter(kind="referral_welcome").exists()


def test_more_referrals_than_the_monthly_limit_are_refused_until_next_month(
    referral_program, referrer_code, new_friend, loyalty_route
):
    # given
    referral_program(referral_monthly_limit="1")

    # when
    with freeze_time(datetime(2026, 12, 3, tzinfo=dt_timezone.utc)):
        first = claim(loyalty_route, new_friend("one@example.org"), referrer_code)
        second = claim(loyalty_route, new_friend("two@example.org"), referrer_code)
    with freeze_time(datetime(2027, 1, 2, tzinfo=dt_timezone.utc)):
        next_month = claim(loyalty_route, new_friend("three@example.org"), referrer_code)

    # then
    assert first["errors"] == [] and next_month["errors"] == []
    assert error_code(second) == ["REFERRAL_LIMIT_REACHED"]


def test_unknown_codes_and_customers_who_ordered_already_are_refused(
    referrer_code, new_friend, shop, payment_app, loyalty_route
):
    returning = new_friend("returning@example.org")
    flows.checkout(ApiClient(user=returning), shop, 1, payment_app=payment_app)

    assert error_code(claim(loyalty_route, returning, referrer_code)) == [
        "REFERRAL_NOT_NEW_CUSTOMER"]
    assert error_code(claim(loyalty_route, new_friend("x@example.org"), "NOPE2345")) == [
        "REFERRAL_CODE_UNKNOWN"]


def test_a_friend_ordering_to_the_referrers_address_earns_the_referrer_nothing(
    referral_program, referrer_code, new_friend, customer_user, user_api_client, shop,
    payment_app, loyalty_route
):
    # given: the referrer once ordered to the address the "friend" now uses
    referral_program(pending_days="0")
    flows.checkout(user_api_client, shop, 1, payment_app=payment_app)
    friend = new_friend("friend@example.org")
    assert claim(loyalty_route, friend, referrer_code)["errors"] == []

    # when
    flows.checkout(ApiClient(user=friend), shop, 8, payment_app=payment_app)
    referral_rewards_task.apply()

    # then
    assert not LoyaltyTransaction.objects.filter(kind="referral_reward").exists()
    assert LoyaltyReferral.objects.get(friend=friend).status == "refused"
