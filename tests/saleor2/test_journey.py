"""The after-sale journey on Saleor 2.10: Django mail to a real SMTP server, time moved."""
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty_plugin.models import LoyaltyTransaction
from saleor_loyalty_plugin.tasks import run_journey_task

from ..mail import Inbox, smtp_server  # noqa: F401  (smtp_server: a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

REWARDS = "query { myLoyalty { mailOptOut availableRewards { code kind value } } }"
SUBMIT = """
mutation Submit($token: String!, $answers: [LoyaltySurveyAnswerInput!]!) {
  loyaltySubmitSurvey(token: $token, answers: $answers) {
    response { bonusPoints } errors { field code message } } }"""


@pytest.fixture
def journey_on(enable_loyalty, smtp_server):  # noqa: F811
    inbox, url = smtp_server
    enable_loyalty(journey_thank_you="true", journey_follow_up="true",
                   journey_next_purchase="true", mail_smtp_url=url,
                   mail_sender="shop@example.com", survey_bonus_points="20",
                   survey_page_url="https://shop.example.com/survey/")
    return inbox


def run(at=None):
    if at is None:
        return run_journey_task.apply().get()
    with freeze_time(at):
        return run_journey_task.apply().get()


def buy(storefront, shop, customer, quantity=2, promo_code=None):
    return storefront.checkout([(shop.variants["TEE-ORGANIC"], quantity)], token=customer.token,
                               shipping_method=shop.shipping_method, promo_code=promo_code)


def test_the_journey_mails_once_per_step_and_the_offer_works_at_checkout(
    journey_on, storefront, graphql, shop, customer, staff_token,
):
    # given
    inbox = journey_on
    order = buy(storefront, shop, customer)
    now = timezone.now()

    # when
    sent = [run(), run()]
    storefront.fulfill_all(staff_token, order["id"], shop.warehouse)
    sent += [run(now + timedelta(days=7, hours=1)), run(now + timedelta(days=7, hours=2)),
             run(now + timedelta(days=30, hours=1)), run(now + timedelta(days=30, hours=2))]

    # then
    assert sent == [{"thank_you": 1}, {}, {"follow_up": 1}, {}, {"next_purchase": 1}, {}]
    thanks, follow_up, offer = inbox.to(customer.email)
    assert thanks["Subject"] == "Thank you for your order #%s" % order["number"]
    assert follow_up["Subject"] == "How is your order #%s?" % order["number"]
    assert thanks["From"] == "shop@example.com"
    [code] = [r["code"] for r in graphql.execute(REWARDS, token=customer.token)["myLoyalty"]
              ["availableRewards"] if r["kind"] == "NEXT_PURCHASE"]
    assert code in Inbox.text(offer)

    # when: the survey link, twice
    token = parse_qs(urlsplit(Inbox.link(follow_up, "/survey/")).query)["token"][0]
    answers = [{"key": "recommend", "value": "8"}]
    first = graphql.execute(SUBMIT, {"token": token, "answers": answers})
    second = graphql.execute(SUBMIT, {"token": token, "answers": answers})

    # then
    assert first["loyaltySubmitSurvey"] == {"response": {"bonusPoints": 20}, "errors": []}
    assert second["loyaltySubmitSurvey"]["errors"][0]["code"] == "ALREADY_DONE"
    assert LoyaltyTransaction.objects.filter(kind="survey_bonus").count() == 1

    # when: the code pays 10% of the next order, once (it starts when it was sent)
    with freeze_time(now + timedelta(days=30, hours=3)):
        next_order = buy(storefront, shop, customer, 5, promo_code=code)
        again = storefront.start_checkout([(shop.variants["TEE-ORGANIC"], 1)],
                                          token=customer.token)
        refused = storefront.add_promo_code(again["id"], code, token=customer.token)

    # then
    assert next_order["voucher"]["code"] == code
    assert Decimal(str(next_order["discount"]["amount"])) == Decimal("12")  # 10% of 5 x $24
    assert refused["checkoutErrors"], refused


def test_unsubscribing_stops_later_messages_and_cancelled_orders_get_nothing(
    journey_on, storefront, graphql, shop, customer, staff_token,
):
    # given
    inbox = journey_on
    kept = buy(storefront, shop, customer)
    cancelled = buy(storefront, shop, customer)
    storefront.cancel(staff_token, cancelled["id"])
    run()
    [thanks] = inbox.to(customer.email)

    # when: the one-click link
    page = Client().post(Inbox.unsubscribe_path(thanks))
    storefront.fulfill_all(staff_token, kept["id"], shop.warehouse)
    later = run(timezone.now() + timedelta(days=7, hours=1))

    # then
    assert thanks["Subject"] == "Thank you for your order #%s" % kept["number"]
    assert page.status_code == 200
    assert later == {}
    assert len(inbox.to(customer.email)) == 1
    assert graphql.execute(REWARDS, token=customer.token)["myLoyalty"]["mailOptOut"] == "all"


def test_without_a_survey_page_the_plugin_serves_one(
    enable_loyalty, smtp_server, storefront, shop, customer, staff_token,  # noqa: F811
):
    # given: no survey_page_url, so the link is the plugin's own page
    inbox, url = smtp_server
    enable_loyalty(journey_follow_up="true", mail_smtp_url=url)
    order = buy(storefront, shop, customer)
    storefront.fulfill_all(staff_token, order["id"], shop.warehouse)
    run(timezone.now() + timedelta(days=7, hours=1))
    [follow_up] = inbox.to(customer.email)
    link = urlsplit(Inbox.link(follow_up, "/loyalty/survey/"))
    token = parse_qs(link.query)["token"][0]

    # when
    form = Client().get(link.path, {"token": token})
    sent = Client().post(link.path, {"token": token, "recommend": "10", "easy": "Easy"})
    again = Client().get(link.path, {"token": token})

    # then
    assert form.status_code == 200 and b"How likely are you to recommend us" in form.content
    assert sent.status_code == 200 and b"Thank you" in sent.content
    assert b"already answered" in again.content
    assert LoyaltyTransaction.objects.get(kind="survey_bonus").points == 50
