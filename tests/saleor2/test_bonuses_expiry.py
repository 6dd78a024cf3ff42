"""Points expiry, signup and birthday bonuses and referrals on Saleor 2.10 (one implicit channel)."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.tasks import (birthday_bonuses_task, expire_points_task,
                                         referral_rewards_task)

from .queries import ADJUST, my_loyalty

pytestmark = pytest.mark.django_db(transaction=True)

EXPIRING = "query { myLoyalty { pointsBalance expiringPoints { points expiresAt } referralCode } }"
SET_BIRTH_DATE = """
mutation Born($date: String!) {
  loyaltySetBirthDate(birthDate: $date) { account { birthDate } errors { field code message } }
}"""
CLAIM = """
mutation Claim($code: String!) {
  loyaltyClaimReferral(code: $code) { account { pointsBalance } errors { field code message } }
}"""


def at(year, month, day):
    return datetime(year, month, day, 12, 0, tzinfo=dt_timezone.utc)


def rows(kind):
    return list(LoyaltyTransaction.objects.filter(kind=kind).order_by("pk")
                .values_list("account__email", "points"))


def test_oldest_points_are_spent_first_and_the_rest_expires_once(
    storefront, graphql, shop, enable_loyalty, customer, staff_token
):
    # given: 108 points in January, 108 in March 2025; 150 spent in June
    jacket = shop.variants["JACKET-WAXED"]
    with freeze_time(at(2025, 1, 10)):
        enable_loyalty(pending_days="0", points_expiry="after_available",
                       points_expiry_months="12")
        storefront.checkout([(jacket, 1)], token=customer.token,
                            shipping_method=shop.shipping_method)
    with freeze_time(at(2025, 3, 10)):
        storefront.checkout([(jacket, 1)], token=customer.token,
                            shipping_method=shop.shipping_method)
    with freeze_time(at(2025, 6, 10)):
        graphql.execute(ADJUST, {"email": customer.email, "points": -150, "reason": "Spent"},
                        token=staff_token)
        expiring = graphql.execute(EXPIRING, token=customer.token)["myLoyalty"]

    # when: the job runs after January's lot would have lapsed, twice, then after March's
    with freeze_time(at(2026, 1, 11)):
        expire_points_task.apply()
        expire_points_task.apply()
        after_january = my_loyalty(graphql, customer.token)
    with freeze_time(at(2026, 3, 11)):
        expire_points_task.apply()
        after_march = my_loyalty(graphql, customer.token)

    # then: January's lot was spent entirely, so nothing lapsed then; 66 of March's lapse
    assert expiring["pointsBalance"] == 66
    assert expiring["expiringPoints"] == {"points": 66, "expiresAt": "2026-03-10T12:00:00+00:00"}
    assert after_january["pointsBalance"] == 66
    assert after_march["pointsBalance"] == 0
    assert rows("expire") == [(customer.email, -66)]
    call_command("loyalty_verify_ledger")


def test_signup_and_birthday_bonuses_are_paid_once(storefront, graphql, enable_loyalty):
    # given
    enable_loyalty(signup_bonus_points="50", birthday_bonus_points="100")

    # when
    storefront.register("new@example.com", "new-password-1")
    token = storefront.login("new@example.com", "new-password-1")
    born = graphql.execute(SET_BIRTH_DATE, {"date": "1990-05-17"}, token=token)
    moved = graphql.execute(SET_BIRTH_DATE, {"date": "1991-05-17"}, token=token)
    with freeze_time(at(2026, 5, 17)):
        birthday_bonuses_task.apply()
        birthday_bonuses_task.apply()

    # then
    assert rows("signup_bonus") == [("new@example.com", 50)]
    assert born["loyaltySetBirthDate"]["errors"] == []
    assert moved["loyaltySetBirthDate"]["errors"][0]["code"] == "BIRTH_DATE_ALREADY_SET"
    assert rows("birthday_bonus") == [("new@example.com", 100)]


def test_referral_welcome_then_reward_and_self_referral_refused(
    storefront, graphql, shop, enable_loyalty, customer
):
    # given
    enable_loyalty(pending_days="14", referral_welcome_points="100",
                   referral_reward_points="300")
    code = graphql.execute(EXPIRING, token=customer.token)["myLoyalty"]["referralCode"]
    storefront.register("friend@example.org", "friend-password-1")
    friend = storefront.login("friend@example.org", "friend-password-1")
    storefront.register("shopper+2@example.com", "friend-password-1")
    alias = storefront.login("shopper+2@example.com", "friend-password-1")

    # when
    claimed = graphql.execute(CLAIM, {"code": code}, token=friend)["loyaltyClaimReferral"]
    self_referral = graphql.execute(CLAIM, {"code": code}, token=alias)["loyaltyClaimReferral"]
    storefront.checkout([(shop.variants["JACKET-WAXED"], 1)], token=friend,
                        shipping_method=shop.shipping_method)
    referral_rewards_task.apply()
    early = rows("referral_reward")
    with freeze_time(datetime.now(dt_timezone.utc) + timedelta(days=15)):
        from saleor_loyalty_plugin.tasks import release_matured_points_task

        release_matured_points_task.apply()
        referral_rewards_task.apply()
        referral_rewards_task.apply()

    # then
    assert claimed == {"account": {"pointsBalance": 100}, "errors": []}
    assert self_referral["errors"][0]["code"] == "REFERRAL_SELF"
    assert early == []
    assert rows("referral_reward") == [(customer.email, 300)]
