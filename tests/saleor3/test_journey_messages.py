"""The after-sale journey on Saleor 3, which message goes out when: real mail to a real SMTP
server, time moved by freezegun.

Thank-you on the order's day, follow-up with the survey a week after fulfilment, a
personal once-usable code a month after (that only its owner can use), each at most once;
a tier upgrade and a coming demotion announced once; a guest asked to register to claim the
points; nothing for cancelled or fully refunded orders. The survey: test_journey_survey.py;
unsubscribing and how the mail is made and sent: test_journey_mail.py.
"""
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time
from saleor.graphql.tests.fixtures import ApiClient

from saleor_loyalty_plugin.tasks import reevaluate_tiers_task

from ..mail import Inbox
from . import flows
from .flows import money
from .journey_helpers import MY_LOYALTY, run

pytestmark = pytest.mark.django_db


def test_thank_you_follow_up_with_survey_and_a_code_for_the_next_order(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route,
):
    # given: a paid order
    inbox = journey_on()
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    now = timezone.now()

    # when: the journey runs on the order's day, twice
    first = run()
    again = run()

    # then: one thank-you, to the customer, naming the order and its points
    assert first == {"thank_you": 1} and again == {}
    [thanks] = inbox.to(customer_user.email)
    assert thanks["Subject"] == "Thank you for your order #%s" % order["number"]
    assert thanks["From"] == "Shop <shop@example.com>"
    assert "This order earns you 80 points." in inbox.text(thanks)
    assert "thank you for your order #%s (90.00 USD)" % order["number"] in inbox.text(thanks)
    assert "/unsubscribe/?token=" in thanks["List-Unsubscribe"]

    # when: fulfilled, then a week and a month later
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    assert run(now + timedelta(days=6)) == {}
    assert run(now + timedelta(days=7, hours=1)) == {"follow_up": 1}
    assert run(now + timedelta(days=8)) == {}
    assert run(now + timedelta(days=30, hours=1)) == {"next_purchase": 1}
    assert run(now + timedelta(days=31)) == {}

    # then
    thanks, follow_up, offer = inbox.to(customer_user.email)
    assert follow_up["Subject"] == "How is your order #%s?" % order["number"]
    assert offer["Subject"].startswith("10% off your next order")
    [reward] = [r for r in flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user)
                ["myLoyalty"]["availableRewards"] if r["kind"] == "NEXT_PURCHASE"]
    assert reward["value"] == 10.0 and reward["code"] in inbox.text(offer)

    # when: the customer uses the code on the next order, then tries it again
    with freeze_time(now + timedelta(days=30, hours=2)):  # the code starts when sent
        shopper = ApiClient(user=customer_user)  # a token of that day
        next_order = flows.checkout(shopper, shop, 5, payment_app=payment_app,
                                    promo_code=reward["code"])
        retry = flows.start_checkout(shopper, shop, 1)
        refused = flows.add_promo_code(shopper, retry["id"], reward["code"])
        after = flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user)["myLoyalty"]

    # then: 10% off the $50 goods once; the code is gone from the list
    assert next_order["voucherCode"] == reward["code"]
    assert [money(d["amount"]["amount"]) for d in next_order["discounts"]] == [Decimal("5")]
    assert refused["errors"], refused
    assert "NEXT_PURCHASE" not in [r["kind"] for r in after["availableRewards"]]


def test_someone_else_cannot_use_the_offer(
    journey_on, shop, user_api_client, user2_api_client, payment_app, order_staff, loyalty_route,
    customer_user,
):
    # given
    inbox = journey_on(journey_thank_you="false")
    order = flows.checkout(user_api_client, shop, 2, payment_app=payment_app)
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    later = timezone.now() + timedelta(days=30, hours=1)
    run(later)
    [offer] = inbox.to(customer_user.email)
    [code] = [r["code"] for r in flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user)
              ["myLoyalty"]["availableRewards"] if r["kind"] == "NEXT_PURCHASE"]

    # when
    with freeze_time(later + timedelta(hours=1)):
        friends = flows.start_checkout(user2_api_client, shop, 1)
        flows.add_promo_code(user2_api_client, friends["id"], code)
        state = flows.choose_delivery(user2_api_client, friends["id"])

    # then: the hook took it off the friend's checkout
    assert code in inbox.text(offer)
    assert state["voucherCode"] is None


def test_nothing_for_cancelled_or_fully_refunded_orders(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user,
):
    # given: one order cancelled, another fulfilled and then refunded in full
    inbox = journey_on()
    cancelled = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    flows.cancel(order_staff, cancelled["id"])
    refunded = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    flows.fulfill_all(order_staff, refunded["id"], shop.warehouse)
    flows.report(payment_app, flows.transaction_of(order_staff, refunded["id"]),
                 "REFUND_SUCCESS", money(refunded["total"]["gross"]["amount"]))

    # when
    sent = [run(), run(timezone.now() + timedelta(days=7, hours=1)),
            run(timezone.now() + timedelta(days=30, hours=1))]

    # then
    assert sent == [{}, {}, {}]
    assert inbox.to(customer_user.email) == []


def test_a_guest_is_asked_to_register_to_claim_the_points(journey_on, shop, api_client,
                                                          payment_app):
    # given
    inbox = journey_on(register_page_url="https://shop.example.com/register/")

    # when
    order = flows.checkout(api_client, shop, 8, payment_app=payment_app,
                           email="guest@example.com")
    run()

    # then
    [thanks] = inbox.to("guest@example.com")
    assert thanks["Subject"] == "Thank you for your order #%s" % order["number"]
    assert ("Register with guest@example.com to claim the 80 points this order earns: "
            "https://shop.example.com/register/") in inbox.text(thanks)


def test_a_tier_upgrade_is_announced_once(journey_on, shop, user_api_client, payment_app,
                                          customer_user):
    # given: Silver from $50 spent
    ladder = [{"name": "Silver", "basis": "money_spent", "threshold": 50,
               "window": "rolling_12_months"}]
    inbox = journey_on(journey_thank_you="false", journey_tier_notices="true",
                       pending_days="0", tiers=json.dumps(ladder))

    # when: an $80 order (no return window) climbs the ladder
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    sent = [run(), run()]

    # then
    assert sent == [{"tier_upgrade": 1}, {}]
    [notice] = inbox.to(customer_user.email)
    assert notice["Subject"] == "Welcome to Silver"


def test_a_coming_demotion_is_announced_a_week_before_once(
    journey_on, shop, user_api_client, payment_app, customer_user,
):
    # given: Silver with 30 days' grace, earned by an order (no return window) that
    # leaves the rolling year: the nightly pass starts the grace period
    ladder = [{"name": "Silver", "basis": "money_spent", "threshold": 50,
               "window": "rolling_12_months", "grace_days": 30}]
    inbox = journey_on(journey_thank_you="false", journey_tier_notices="true",
                       pending_days="0", tiers=json.dumps(ladder))
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()  # the upgrade notice
    lapse = timezone.now() + timedelta(days=370)
    with freeze_time(lapse):
        reevaluate_tiers_task.apply()

    # when
    sent = [run(lapse + timedelta(days=22)), run(lapse + timedelta(days=24)),
            run(lapse + timedelta(days=25))]

    # then: nothing 8 days before the end, one notice 6 days before
    assert sent == [{}, {"tier_demotion": 1}, {}]
    upgrade, notice = inbox.to(customer_user.email)
    assert notice["Subject"] == "Keep your Silver status"
    assert "until %s" % (lapse + timedelta(days=30)).strftime("%Y-%m-%d") in Inbox.text(notice)
