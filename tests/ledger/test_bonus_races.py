"""Set-based expiry and referral claims under concurrency: paid or taken once, limits hold."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from saleor_loyalty_plugin.bonuses.services import profile_for
from saleor_loyalty_plugin.core.expiry import ExpiryRule
from saleor_loyalty_plugin.core.program import parse_program_settings
from saleor_loyalty_plugin.expiry.services import channel_expire_points
from saleor_loyalty_plugin.ledger import services as ledger
from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyReferral, LoyaltyTransaction
from saleor_loyalty_plugin.referrals.services import customer_claim_referral

from .test_ledger import run_concurrently

pytestmark = pytest.mark.django_db(transaction=True)


def user(email):
    return get_user_model().objects.create(email=email, is_active=True)


def test_two_expiry_jobs_at_once_take_the_points_once():
    # given: 100 points credited 13 months ago
    account = ledger.get_or_create_account(user=user("old@example.com"), channel="")
    long_ago = timezone.now() - timedelta(days=400)
    ledger.adjust(account=account, points=100, reason="gift", key="g", actor_email="",
                  now=long_ago)
    rule = ExpiryRule(mode="after_available", months=12)

    # when
    outcomes = run_concurrently(
        *[lambda: channel_expire_points(channel="", rule=rule, now=timezone.now())] * 3)

    # then
    account.refresh_from_db()
    assert sorted(outcome for _, outcome in outcomes) == [0, 0, 100]
    assert account.points_available == 0
    assert LoyaltyTransaction.objects.filter(kind="expire").count() == 1


def test_concurrent_claims_respect_the_monthly_limit():
    # given: a referrer who may refer one friend a month, two new friends claiming at once
    settings = parse_program_settings({"referral_welcome_points": "10",
                                       "referral_monthly_limit": "1"})
    code = profile_for(user("referrer@example.com")).referral_code
    friends = [user("one@example.org"), user("two@example.org")]

    # when
    outcomes = run_concurrently(*[
        (lambda friend=friend: customer_claim_referral(
            friend=friend, code=code, channel="", settings=settings, now=timezone.now()))
        for friend in friends])

    # then
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    [error] = [value for kind, value in outcomes if kind == "error"]
    assert error.code.value == "referral_limit_reached"
    assert LoyaltyReferral.objects.count() == 1
    assert LoyaltyTransaction.objects.filter(kind="referral_welcome").count() == 1
    assert LoyaltyAccount.objects.filter(points_available=10).count() == 1


def test_one_friend_claiming_twice_at_once_is_paid_once():
    settings = parse_program_settings({"referral_welcome_points": "10"})
    code = profile_for(user("referrer@example.com")).referral_code
    friend = user("friend@example.org")

    outcomes = run_concurrently(*[lambda: customer_claim_referral(
        friend=friend, code=code, channel="", settings=settings, now=timezone.now())] * 2)

    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert LoyaltyTransaction.objects.filter(kind="referral_welcome").count() == 1
