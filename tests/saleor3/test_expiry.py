"""Points expiry on Saleor 3: oldest lots first, a rerunnable job, replayed by verify-ledger."""
from contextlib import contextmanager
from datetime import datetime, timezone as dt_timezone

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from saleor_loyalty_plugin.core.expiry import ExpiryRule
from saleor_loyalty_plugin.expiry.selectors import members_with_points_expiring
from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyTransaction
from saleor_loyalty_plugin.tasks import expire_points_task, run_journey_task

from ..mail import Inbox, smtp_server  # noqa: F401  (smtp_server: a fixture)

from . import flows
from .redemption_helpers import ADJUST

pytestmark = pytest.mark.django_db

MY_LOYALTY = """
query { myLoyalty { pointsBalance lifetimePoints expiringPoints { points expiresAt }
  transactions(first: 10) { edges { node { kind points } } } } }"""
PROGRAM = "query { loyaltyProgram { pointsExpiry { mode months } } }"


def at(year, month, day):
    return datetime(year, month, day, 12, 0, tzinfo=dt_timezone.utc)


@contextmanager
def moved_to(moment, *clients):
    """Time frozen at ``moment``, with the clients signing in afresh (tokens live 5 minutes)."""
    with freeze_time(moment):
        for client in clients:
            client.token = None
        yield


def mine(loyalty_route, user):
    return flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]


def kinds(loyalty):
    return [(e["node"]["kind"], e["node"]["points"]) for e in loyalty["transactions"]["edges"]]


@pytest.fixture
def member_with_two_lots(enable_loyalty, shop, user_api_client, payment_app, users_staff,
                         merged_graphql, customer_user):
    """80 points in January and 80 in March 2025; the 100 spent in June take all of
    January's lot and 20 of March's, leaving 60 from March."""
    with moved_to(at(2025, 1, 10), user_api_client, users_staff):
        enable_loyalty(pending_days="0", points_expiry="after_available",
                       points_expiry_months="12")
        flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    with moved_to(at(2025, 3, 10), user_api_client):
        flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    with moved_to(at(2025, 6, 10), users_staff):
        flows.mutate(users_staff, ADJUST, {"email": customer_user.email, "points": -100})
    return customer_user


def test_spending_takes_the_oldest_points_so_the_next_to_expire_are_marchs(
    member_with_two_lots, loyalty_route
):
    # when
    with freeze_time(at(2025, 7, 1)):
        loyalty = mine(loyalty_route, member_with_two_lots)
        program = flows.loyalty(loyalty_route, PROGRAM)["loyaltyProgram"]

    # then
    assert loyalty["pointsBalance"] == 60
    assert loyalty["expiringPoints"] == {"points": 60, "expiresAt": "2026-03-10T12:00:00+00:00"}
    assert program["pointsExpiry"] == {"mode": "AFTER_AVAILABLE", "months": 12}


def test_points_expire_month_by_month_once_each_and_verify_ledger_replays_it(
    enable_loyalty, shop, user_api_client, staff_api_client, payment_app, customer_user,
    loyalty_route
):
    # given: 80 points in January, 80 in March, nothing spent
    with moved_to(at(2025, 1, 10), user_api_client, staff_api_client):
        enable_loyalty(pending_days="0", points_expiry="after_available",
                       points_expiry_months="12")
        flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    with moved_to(at(2025, 3, 10), user_api_client):
        flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # when: the daily job runs the day before, and twice the day after, January's lot lapses
    with freeze_time(at(2026, 1, 9)):
        expire_points_task.apply()
        before = mine(loyalty_route, customer_user)
    with freeze_time(at(2026, 1, 11)):
        expire_points_task.apply()
        expire_points_task.apply()
        after_january = mine(loyalty_route, customer_user)
    with freeze_time(at(2026, 3, 11)):
        expire_points_task.apply()
        after_march = mine(loyalty_route, customer_user)

    # then
    assert before["pointsBalance"] == 160
    assert before["expiringPoints"] == {"points": 80, "expiresAt": "2026-01-10T12:00:00+00:00"}
    assert after_january["pointsBalance"] == 80
    assert kinds(after_january).count(("EXPIRE", -80)) == 1
    assert after_january["expiringPoints"]["expiresAt"] == "2026-03-10T12:00:00+00:00"
    assert (after_march["pointsBalance"], after_march["lifetimePoints"]) == (0, 160)
    assert after_march["expiringPoints"] is None
    assert kinds(after_march).count(("EXPIRE", -80)) == 2
    call_command("loyalty_verify_ledger")


def test_the_reminder_selector_lists_members_whose_points_expire_within_days(
    member_with_two_lots
):
    account = LoyaltyAccount.objects.get(user=member_with_two_lots)
    rule = ExpiryRule(mode="after_available", months=12)

    soon = members_with_points_expiring(channel=account.channel, rule=rule, within_days=7,
                                        now=at(2026, 3, 5))
    later = members_with_points_expiring(channel=account.channel, rule=rule, within_days=3,
                                         now=at(2026, 3, 5))

    assert [(m.email, m.points) for m in soon] == [(member_with_two_lots.email, 60)]
    assert later == []


def test_members_are_reminded_once_before_their_points_expire(
    member_with_two_lots, enable_loyalty, staff_api_client, smtp_server  # noqa: F811
):
    # given: the reminder on, two weeks ahead, mail to the test's SMTP server (staff
    # sign in afresh: their token was made in 2025)
    inbox, url = smtp_server
    staff_api_client.token = None
    enable_loyalty(journey_expiry_reminder="true", journey_expiry_reminder_days="14",
                   mail_smtp_url=url, mail_sender="Shop <shop@example.com>")

    # when: the journey runs three weeks, one week and six days before March's lot lapses
    sent = []
    for moment in (at(2026, 2, 17), at(2026, 3, 1), at(2026, 3, 4)):
        with freeze_time(moment):
            sent.append(run_journey_task.apply().get())

    # then: one reminder, inside the two weeks, with the points and the day
    assert sent == [{}, {"expiry_reminder": 1}, {}]
    [reminder] = inbox.to(member_with_two_lots.email)
    assert reminder["Subject"] == "Your 60 points expire on 2026-03-10"
    assert "60 of your points" in Inbox.text(reminder)


def test_after_months_without_an_order_the_whole_balance_expires_once(
    enable_loyalty, shop, user_api_client, staff_api_client, payment_app, customer_user,
    loyalty_route
):
    # given
    with moved_to(at(2025, 1, 10), user_api_client, staff_api_client):
        enable_loyalty(pending_days="0", points_expiry="after_inactivity",
                       points_expiry_months="6")
        flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    with moved_to(at(2025, 4, 10), user_api_client):
        flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # when
    with freeze_time(at(2025, 10, 9)):
        expire_points_task.apply()
        still = mine(loyalty_route, customer_user)
    with freeze_time(at(2025, 10, 11)):
        expire_points_task.apply()
    with freeze_time(at(2025, 10, 12)):
        expire_points_task.apply()
        lapsed = mine(loyalty_route, customer_user)

    # then
    assert still["pointsBalance"] == 160
    assert still["expiringPoints"] == {"points": 160, "expiresAt": "2025-10-10T12:00:00+00:00"}
    assert lapsed["pointsBalance"] == 0
    assert [k for k in kinds(lapsed) if k[0] == "EXPIRE"] == [("EXPIRE", -160)]
    call_command("loyalty_verify_ledger")


def test_verify_ledger_reports_an_expiry_that_took_more_than_the_lots_allowed(
    member_with_two_lots
):
    # given: a faulty writer lapsed 80 points on 11 March 2026 (the lots allow 60)
    account = LoyaltyAccount.objects.get(user=member_with_two_lots)
    LoyaltyTransaction.objects.create(
        account=account, kind="expire", status="available", points=-60 - 20,
        idempotency_key="faulty-expiry", created_at=at(2026, 3, 11),
        available_at=at(2026, 3, 11), expiry_cutoff=at(2025, 3, 11))
    LoyaltyAccount.objects.filter(pk=account.pk).update(points_available=-20)

    # when / then: balances agree with the ledger, the replay of the lots does not
    with pytest.raises(CommandError, match="expiry"):
        call_command("loyalty_verify_ledger")


def test_the_command_previews_then_catches_up_as_of_a_moment(member_with_two_lots):
    # given: the worker was down; March's remaining 60 points should have lapsed on 10 March
    from io import StringIO

    preview, run = StringIO(), StringIO()

    # when
    call_command("loyalty_expire_points", "--as-of", "2026-03-11T00:00:00Z", "--dry-run",
                 stdout=preview)
    rows_after_preview = LoyaltyTransaction.objects.filter(kind="expire").count()
    call_command("loyalty_expire_points", "--as-of", "2026-03-11T00:00:00Z", stdout=run)
    call_command("loyalty_expire_points", "--as-of", "2026-03-11T00:00:00Z", stdout=run)

    # then
    assert "%s: 60 points" % member_with_two_lots.email in preview.getvalue()
    assert rows_after_preview == 0
    assert list(LoyaltyTransaction.objects.filter(kind="expire").values_list("points", flat=True)) == [-60]
    assert "Expired 60 points." in run.getvalue() and "Expired 0 points." in run.getvalue()
    call_command("loyalty_verify_ledger")
