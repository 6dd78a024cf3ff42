"""The after-sale survey on Saleor 3: real mail to a real SMTP server, time moved by
freezegun. The link in the follow-up mail is accepted once and gives bonus points; staff
read the responses, the recommend score and a customer's messages; the journey and the
answers show in the program's health."""
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from freezegun import freeze_time

from saleor_loyalty_plugin.models import LoyaltyTransaction

from ..mail import Inbox
from . import flows
from .journey_helpers import MY_LOYALTY, run

pytestmark = pytest.mark.django_db

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


def survey_token(message):
    url = Inbox.link(message, r"/survey/")
    return parse_qs(urlsplit(url).query)["token"][0]


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
