"""The journey's pure rules: templates, the catalogue, settings, schedule, survey, score."""
import json
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core import journey, messages, program, templating
from saleor_loyalty_plugin.core.errors import LoyaltyError

NOW = datetime(2026, 6, 1, 12, 0)


def test_templates_render_variables_blocks_and_escape_html():
    # given
    text = "Hi {{name}}{{#if vip}}, VIP{{else}}, friend{{/if}} {{{raw}}}{{#unless vip}}!{{/unless}}"

    # when
    html = templating.render(text, {"name": "<Ada>", "vip": False, "raw": "<b>x</b>"})
    plain = templating.render("{{name}}", {"name": "<Ada>"}, escape=False)

    # then
    assert html == "Hi &lt;Ada&gt;, friend <b>x</b>!"
    assert plain == "<Ada>"


@pytest.mark.parametrize("text, problem", [
    ("{{#if a}}open", "never closed"),
    ("{{/if}}", "closes no open"),
    ("{{#each items}}{{/each}}", "only {{#if name}}"),
    ("{{order-number}}", "not a variable name"),
    ("{{else}}", "outside a block"),
])
def test_templates_outside_the_subset_are_refused(text, problem):
    with pytest.raises(templating.TemplateProblem, match=problem):
        templating.check(text, ["a"])


def test_a_bad_merchant_template_is_refused_naming_field_and_variables():
    # given
    field = messages.FOLLOW_UP.field("subject")

    # when
    with pytest.raises(LoyaltyError) as refused:
        program.parse_program_settings({field: "How is {{oder_number}}?"})

    # then
    assert refused.value.field == field
    assert "{{oder_number}}" in refused.value.message
    assert "order_number" in refused.value.message and "survey_url" in refused.value.message


def test_every_builtin_template_uses_only_its_variables():
    for message in messages.catalogue():
        for part in messages.PARTS:
            templating.check(message.builtin(part), message.all_variables)


def test_empty_template_fields_mean_the_builtin_ones():
    # when
    templates = messages.templates_of(messages.THANK_YOU, {
        messages.THANK_YOU.field("subject"): "Thanks {{first_name}}",
        messages.THANK_YOU.field("html"): "  "})

    # then
    assert templates["subject"] == "Thanks {{first_name}}"
    assert templates["html"] == messages.THANK_YOU.builtin("html")


def test_journey_settings_defaults_and_refusals():
    # when
    defaults = program.parse_program_settings({}).journey

    # then: every step off until the merchant turns it on; 7 and 30 days, 10%
    assert not (defaults.thank_you or defaults.follow_up or defaults.next_purchase)
    assert defaults.follow_up_delay == timedelta(days=7)
    assert defaults.next_purchase_delay == timedelta(days=30)
    assert defaults.next_purchase_percent == Decimal("10")
    assert [q.key for q in defaults.questions][3] == journey.RECOMMEND
    for field, value in [(journey.FIELD_OFFER_PERCENT, "0"), (journey.FIELD_FOLLOW_UP_DAYS, "x"),
                         (journey.FIELD_SMTP_URL, "http://mail"),
                         (journey.FIELD_SURVEY_QUESTIONS, "[]"),
                         (journey.FIELD_THANK_YOU, "maybe")]:
        with pytest.raises(LoyaltyError) as refused:
            journey.parse_journey({field: value})
        assert refused.value.field == field


def test_survey_questions_are_checked():
    # given
    six = [{"key": "q%d" % n, "text": "Q", "kind": "text"} for n in range(6)]
    choice = [{"key": "c", "text": "Pick", "kind": "choice", "choices": ["A"]}]

    # then
    with pytest.raises(LoyaltyError, match="1 to 5"):
        journey.parse_questions(json.dumps(six))
    with pytest.raises(LoyaltyError, match="2 to 10 choices"):
        journey.parse_questions(json.dumps(choice))
    parsed = journey.parse_questions(journey.QUESTIONS_EXAMPLE)
    assert parsed[1].choices == ("Search", "Friend")


def test_smtp_url():
    assert journey.parse_smtp_url("smtp://u%40x:p@mail.example.com:587/?tls=True") == {
        "host": "mail.example.com", "port": 587, "username": "u@x", "password": "p",
        "use_tls": True, "use_ssl": False}
    assert journey.parse_smtp_url("smtps://mail.example.com")["port"] == 465
    assert journey.parse_smtp_url("mail.example.com") is None


def test_steps_are_due_from_their_moment_for_a_week():
    # given
    settings = journey.JourneySettings(thank_you=True, follow_up=True, next_purchase=True)
    fulfilled = NOW - timedelta(days=7)
    order = journey.OrderMoments(created_at=NOW - timedelta(days=8), fulfilled_at=fulfilled,
                                 is_undone=False, is_guest=False)

    # then
    assert journey.is_due("follow_up", order, settings, NOW)
    assert not journey.is_due("follow_up", order, settings, NOW - timedelta(hours=1))
    assert not journey.is_due("follow_up", order, settings, NOW + timedelta(days=8))
    assert not journey.is_due("thank_you", order, settings, NOW)  # 8 days late
    assert journey.is_due("next_purchase", order, settings, NOW + timedelta(days=23))
    guest = journey.OrderMoments(NOW, fulfilled, False, True)
    assert not journey.is_due("next_purchase", guest, settings, NOW + timedelta(days=23))
    undone = journey.OrderMoments(NOW, fulfilled, True, False)
    assert not journey.is_due("follow_up", undone, settings, NOW)
    off = journey.JourneySettings()
    assert not journey.is_due("follow_up", order, off, NOW)


def test_answers_are_checked_against_the_questions():
    # given
    questions = journey.DEFAULT_QUESTIONS

    # then
    assert journey.clean_answers(questions, {"recommend": "9", "easy": "Easy", "comment": " ok "}
                                 ) == {"recommend": 9, "easy": "Easy", "comment": "ok"}
    for answers, problem in [({"recommend": "11"}, "0 to 10"), ({"easy": "Hard"}, "one of"),
                             ({"nope": "1"}, "Unknown question"), ({}, "at least one"),
                             ({"comment": "x" * 501}, "500")]:
        with pytest.raises(LoyaltyError, match=problem):
            journey.clean_answers(questions, answers)


def test_recommend_score_is_promoters_minus_detractors():
    score = journey.recommend_score([10, 9, 8, 3, 0])
    assert (score.promoters, score.passives, score.detractors) == (2, 1, 2)
    assert score.score == 0
    assert journey.recommend_score([10, 10, 7]).score == 67
    assert journey.recommend_score([]).score is None
