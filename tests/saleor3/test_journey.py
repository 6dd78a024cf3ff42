"""The after-sale journey on Saleor 3: real mail to a real SMTP server, time moved by freezegun.

Thank-you on the order's day, follow-up with the survey a week after
fulfilment, a personal once-usable code a month after, each at most once;
nothing for cancelled orders or customers who unsubscribed.
"""
import json
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from saleor.graphql.tests.fixtures import ApiClient

from saleor_loyalty_plugin.core import messages
from saleor_loyalty_plugin.models import LoyaltyMessage, LoyaltyTransaction
from saleor_loyalty_plugin.tasks import reevaluate_tiers_task, run_journey_task

from ..mail import Inbox, smtp_server  # noqa: F401  (smtp_server: a fixture)
from . import flows
from .flows import money

pytestmark = pytest.mark.django_db

MY_LOYALTY = """
query { myLoyalty { pointsBalance mailOptOut
  availableRewards { code kind value label expiresAt }
  transactions(first: 5) { edges { node { kind points } } } } }"""
SURVEY = """
query Survey($token: String!) { loyaltySurvey(token: $token) {
  orderNumber answered bonusPoints questions { key kind choices } } }"""
SUBMIT = """
mutation Submit($token: String!, $answers: [LoyaltySurveyAnswerInput!]!) {
  loyaltySubmitSurvey(token: $token, answers: $answers) {
    response { orderNumber recommend bonusPoints answers { key value } }
    errors { field code message } } }"""
RESULTS = """
query { loyaltySurveyResults { recommendScore { score responses promoters detractors }
  responses { orderNumber email } } }"""
MESSAGES = """
query Messages($email: String!) { loyaltyCustomerMessages(email: $email) {
  message category status subject orderNumber } }"""


@pytest.fixture
def journey_on(enable_loyalty, smtp_server):  # noqa: F811
    """Every step on, mail to the test's SMTP server; returns the inbox."""
    inbox, url = smtp_server

    def enable(**more):
        enable_loyalty(**{"journey_thank_you": "true", "journey_follow_up": "true",
                          "journey_next_purchase": "true", "mail_smtp_url": url,
                          "mail_sender": "Shop <shop@example.com>",
                          "survey_page_url": "https://shop.example.com/survey/", **more})
        return inbox

    return enable


def run(at=None):
    """The beat task, at a moment (freezegun) or now."""
    if at is None:
        return run_journey_task.apply().get()
    with freeze_time(at):
        return run_journey_task.apply().get()


def survey_token(message):
    url = Inbox.link(message, r"/survey/")
    return parse_qs(urlsplit(url).query)["token"][0]


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


def test_the_survey_link_is_accepted_once_and_gives_bonus_points(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route,
):
    # given
    inbox = journey_on(survey_bonus_points="25", journey_next_purchase="false")
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    run(timezone.now() + timedelta(days=7, hours=1))
    follow_up = inbox.to(customer_user.email)[-1]
    token = survey_token(follow_up)
    answers = [{"key": "recommend", "value": "10"}, {"key": "easy", "value": "Easy"},
               {"key": "comment", "value": "Lovely"}]

    # when: anonymous, as the survey page would call it
    survey = flows.loyalty(loyalty_route, SURVEY, {"token": token})["loyaltySurvey"]
    answered = flows.loyalty(loyalty_route, SUBMIT, {"token": token, "answers": answers})
    twice = flows.loyalty(loyalty_route, SUBMIT, {"token": token, "answers": answers})
    forged = flows.loyalty(loyalty_route, SUBMIT, {"token": token + "x", "answers": answers})

    # then
    assert survey["orderNumber"] == order["number"] and survey["answered"] is False
    assert [q["key"] for q in survey["questions"]] == [
        "found_us", "shopping", "easy", "recommend", "comment"]
    response = answered["loyaltySubmitSurvey"]
    assert response["errors"] == []
    assert response["response"]["recommend"] == 10 and response["response"]["bonusPoints"] == 25
    assert twice["loyaltySubmitSurvey"]["errors"][0]["code"] == "ALREADY_DONE"
    assert forged["loyaltySubmitSurvey"]["errors"][0]["field"] == "token"
    bonus = LoyaltyTransaction.objects.get(kind="survey_bonus")
    assert (bonus.points, bonus.status) == (25, "available")
    assert bonus.order_id == flows.pk_of(order["id"])
    mine = flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user)["myLoyalty"]
    assert {"kind": "SURVEY_BONUS", "points": 25} in [
        edge["node"] for edge in mine["transactions"]["edges"]]


HEALTH_FIGURES = """
query Health($from: Date, $to: Date) { loyaltyInsights(period: CUSTOM, from: $from, to: $to) {
  programHealth { figures { key value unit } } } }"""


def test_the_journey_and_the_survey_show_in_the_program_health(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route,
    clerk,
):
    # given: one order fulfilled, its follow-up sent and answered with a 10, its offer sent
    journey_on(journey_thank_you="false")
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    follow_up_at = timezone.now() + timedelta(days=7, hours=1)
    run(follow_up_at)
    run(timezone.now() + timedelta(days=30, hours=1))
    inbox = journey_on()
    token = survey_token([m for m in inbox.to(customer_user.email)
                          if "/survey/" in Inbox.text(m)][-1])
    with freeze_time(follow_up_at + timedelta(hours=1)):
        flows.loyalty(loyalty_route, SUBMIT, {"token": token, "answers": [
            {"key": "recommend", "value": "10"}]})

    # when: staff read the program's health over the two months
    today = timezone.now().date()
    with freeze_time(timezone.now() + timedelta(days=31)):
        figures = flows.loyalty(loyalty_route, HEALTH_FIGURES, {
            "from": today.isoformat(), "to": (today + timedelta(days=31)).isoformat()},
            user=clerk)["loyaltyInsights"]["programHealth"]["figures"]

    # then: two messages, one offer not used yet, one answer to one invitation, NPS 100
    found = {figure["key"]: figure["value"] for figure in figures}
    assert (found["messages_sent"], found["offers_issued"], found["offers_used"]) == (2, 1, 0)
    assert (found["survey_responses"], found["survey_response_rate"]) == (1, 100)
    assert found["recommend_score"] == 100


def test_staff_read_responses_score_and_a_customers_messages(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route,
    staff_user, permission_manage_users,
):
    # given: one promoter
    staff_user.user_permissions.add(permission_manage_users)
    inbox = journey_on(journey_next_purchase="false")
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    run(timezone.now() + timedelta(days=7, hours=1))
    token = survey_token(inbox.to(customer_user.email)[-1])
    flows.loyalty(loyalty_route, SUBMIT, {"token": token,
                                          "answers": [{"key": "recommend", "value": "9"}]})

    # when
    results = flows.loyalty(loyalty_route, RESULTS, user=staff_user)["loyaltySurveyResults"]
    history = flows.loyalty(loyalty_route, MESSAGES, {"email": customer_user.email},
                            user=staff_user)["loyaltyCustomerMessages"]
    refused = loyalty_route.post(RESULTS, user=customer_user)[1]

    # then
    assert results["recommendScore"] == {"score": 100, "responses": 1, "promoters": 1,
                                         "detractors": 0}
    assert results["responses"] == [{"orderNumber": order["number"],
                                     "email": customer_user.email}]
    assert [(m["message"], m["category"], m["status"]) for m in history] == [
        ("follow_up", "marketing", "sent"), ("thank_you", "transactional", "sent")]
    assert refused["errors"] and refused["data"]["loyaltySurveyResults"] is None


def test_unsubscribing_stops_later_messages(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route,
):
    # given: the thank-you arrived
    inbox = journey_on()
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()
    [thanks] = inbox.to(customer_user.email)

    # when: one click (the link is on the plugin route)
    page = Client().get(Inbox.unsubscribe_path(thanks))
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    later = run(timezone.now() + timedelta(days=7, hours=1))

    # then
    assert page.status_code == 200 and b"no more loyalty e-mails" in page.content
    assert later == {}
    assert len(inbox.to(customer_user.email)) == 1
    state = flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user)["myLoyalty"]
    assert state["mailOptOut"] == "all"


def test_a_forged_unsubscribe_link_changes_nothing(journey_on, loyalty_route, channel_USD):
    # given
    journey_on()

    # when
    page = Client().get(loyalty_route.path.replace("graphql/", "unsubscribe/") + "?token=x:y")

    # then
    assert page.status_code == 400 and b"not valid" in page.content


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


def test_dry_run_and_as_of_send_nothing_twice(journey_on, shop, user_api_client, payment_app,
                                              customer_user, capsys):
    # given
    inbox = journey_on()
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # when
    call_command("loyalty_run_journey", "--dry-run")
    preview = capsys.readouterr().out
    nothing_yet = (len(inbox.messages), LoyaltyMessage.objects.count())
    call_command("loyalty_run_journey", "--as-of", (timezone.now() + timedelta(hours=2)).isoformat())
    sent = capsys.readouterr().out
    call_command("loyalty_run_journey")

    # then
    assert "would send thank_you to %s" % customer_user.email in preview
    assert nothing_yet == (0, 0)
    assert "Sent 1 message(s)" in sent
    assert len(inbox.to(customer_user.email)) == 1


def test_a_merchants_template_is_used_and_a_bad_one_refused_keeping_the_old(
    journey_on, update_loyalty, shop, user_api_client, payment_app, customer_user,
):
    # given
    field = messages.THANK_YOU.field("subject")
    inbox = journey_on(**{field: "Thanks, {{first_name}}! (#{{order_number}})"})

    # when
    refused = update_loyalty(active=True, **{field: "Thanks {{oder_number}}"})
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()

    # then
    [error] = refused["errors"]
    assert error["field"] == "mailThankYouSubject"  # Saleor camel-cases the field
    assert "{{oder_number}}" in error["message"]
    assert "order_number" in error["message"]
    [thanks] = inbox.to(customer_user.email)
    assert thanks["Subject"] == "Thanks, %s! (#%s)" % (customer_user.first_name, order["number"])


def test_the_channels_user_emails_plugin_delivers_when_the_plugin_has_no_smtp(
    enable_loyalty, smtp_server, shop, user_api_client, payment_app, customer_user,  # noqa: F811
):
    # given: the User emails plugin configured for the channel, nothing in ours
    from saleor.plugins.models import PluginConfiguration

    inbox, url = smtp_server
    PluginConfiguration.objects.create(
        identifier="mirumee.notifications.user_email", channel=shop.channel, active=True,
        configuration=[{"name": "host", "value": "127.0.0.1"},
                       {"name": "port", "value": url.rsplit(":", 1)[1]},
                       {"name": "sender_name", "value": "Channel mail"},
                       {"name": "sender_address", "value": "channel@example.com"},
                       {"name": "use_tls", "value": False}, {"name": "use_ssl", "value": False}])
    enable_loyalty(journey_thank_you="true")

    # when
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()

    # then
    [thanks] = inbox.to(customer_user.email)
    assert thanks["From"] == "Channel mail <channel@example.com>"
    assert json.dumps(LoyaltyMessage.objects.get().status) == '"sent"'


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
