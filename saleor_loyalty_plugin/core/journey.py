"""The after-sale journey: which message is due when, the survey, the recommend score.

Each step is on or off per channel with its own delay.  A step is due from
its moment until ``LATEST`` later: a run after downtime catches up, but
switching a step on does not mail every customer of the last years.
"""
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import List, Mapping, Optional, Sequence, Tuple

from .errors import LoyaltyError, LoyaltyErrorCode
from .messages import (EXPIRY_REMINDER, FOLLOW_UP, NEXT_PURCHASE, THANK_YOU, TIER_DEMOTION,
                       TIER_UPGRADE)

FIELD_THANK_YOU = "journey_thank_you"
FIELD_THANK_YOU_HOURS = "journey_thank_you_delay_hours"
FIELD_FOLLOW_UP = "journey_follow_up"
FIELD_FOLLOW_UP_DAYS = "journey_follow_up_days"
FIELD_OFFER = "journey_next_purchase"
FIELD_OFFER_DAYS = "journey_next_purchase_days"
FIELD_OFFER_PERCENT = "journey_next_purchase_percent"
FIELD_OFFER_VALIDITY = "journey_next_purchase_validity_days"
FIELD_TIER_NOTICES = "journey_tier_notices"
FIELD_DEMOTION_DAYS = "journey_demotion_notice_days"
FIELD_EXPIRY_REMINDER = "journey_expiry_reminder"
FIELD_EXPIRY_REMINDER_DAYS = "journey_expiry_reminder_days"
FIELD_SURVEY_QUESTIONS = "survey_questions"
FIELD_SURVEY_BONUS = "survey_bonus_points"
FIELD_SURVEY_URL = "survey_page_url"
FIELD_REGISTER_URL = "register_page_url"
FIELD_SMTP_URL = "mail_smtp_url"
FIELD_SENDER = "mail_sender"

BOOLEAN_FIELDS = (FIELD_THANK_YOU, FIELD_FOLLOW_UP, FIELD_OFFER, FIELD_TIER_NOTICES,
                  FIELD_EXPIRY_REMINDER)
DEFAULTS = {
    FIELD_THANK_YOU: "false",
    FIELD_THANK_YOU_HOURS: "0",
    FIELD_FOLLOW_UP: "false",
    FIELD_FOLLOW_UP_DAYS: "7",
    FIELD_OFFER: "false",
    FIELD_OFFER_DAYS: "30",
    FIELD_OFFER_PERCENT: "10",
    FIELD_OFFER_VALIDITY: "30",
    FIELD_TIER_NOTICES: "false",
    FIELD_DEMOTION_DAYS: "7",
    FIELD_EXPIRY_REMINDER: "false",
    FIELD_EXPIRY_REMINDER_DAYS: "14",
    FIELD_SURVEY_QUESTIONS: "",
    FIELD_SURVEY_BONUS: "50",
    FIELD_SURVEY_URL: "",
    FIELD_REGISTER_URL: "",
    FIELD_SMTP_URL: "",
    FIELD_SENDER: "",
}

LATEST = timedelta(days=7)
MAX_QUESTIONS = 5
KIND_CHOICE = "choice"
KIND_SCALE = "scale"  # 0-10
KIND_TEXT = "text"
QUESTION_KINDS = (KIND_CHOICE, KIND_SCALE, KIND_TEXT)
MAX_TEXT_ANSWER = 500
RECOMMEND = "recommend"  # the 0-10 question the recommend score (NPS) is computed from


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kind: str
    choices: Tuple[str, ...] = ()


DEFAULT_QUESTIONS = (
    Question("found_us", "How did you find our shop?", KIND_CHOICE,
             ("Search engine", "Friend or family", "Social media", "Advertisement", "Other")),
    Question("shopping", "How did the shopping go?", KIND_SCALE),
    Question("easy", "Was ordering easy or confusing?", KIND_CHOICE,
             ("Easy", "A bit confusing", "Confusing")),
    Question(RECOMMEND, "How likely are you to recommend us to a friend?", KIND_SCALE),
    Question("comment", "Anything we could do better?", KIND_TEXT),
)
QUESTIONS_EXAMPLE = ('[{"key": "recommend", "text": "Would you recommend us?", "kind": "scale"}, '
                     '{"key": "found_us", "text": "How did you find us?", "kind": "choice", '
                     '"choices": ["Search", "Friend"]}]')


@dataclass(frozen=True)
class JourneySettings:
    thank_you: bool = False
    thank_you_delay: timedelta = timedelta(0)
    follow_up: bool = False
    follow_up_delay: timedelta = timedelta(days=7)
    next_purchase: bool = False
    next_purchase_delay: timedelta = timedelta(days=30)
    next_purchase_percent: Decimal = Decimal("10")
    next_purchase_validity: timedelta = timedelta(days=30)
    tier_notices: bool = False
    demotion_notice: timedelta = timedelta(days=7)
    # A reminder this long before a member's points lapse (the expiry rule's own).
    expiry_reminder: bool = False
    expiry_reminder_notice: timedelta = timedelta(days=14)
    questions: Tuple[Question, ...] = DEFAULT_QUESTIONS
    survey_bonus_points: int = 50
    survey_page_url: str = ""
    register_page_url: str = ""
    smtp_url: str = ""
    sender: str = ""


def _invalid(field, message):
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=field)


def parse_journey(raw: Mapping[str, object]) -> JourneySettings:
    from . import program  # program imports this module

    def text(field):
        value = raw.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            return DEFAULTS[field]
        return str(value).strip()

    def flag(field):
        value = raw.get(field)
        return program.parse_boolean(field, DEFAULTS[field] if value is None else value)

    def whole(field, high, what):
        return program._whole(field, text(field), low=0, high=high, what=what)

    smtp_url = text(FIELD_SMTP_URL)
    if smtp_url and parse_smtp_url(smtp_url) is None:
        raise _invalid(FIELD_SMTP_URL, "The SMTP server must look like "
                                       "smtp://user:password@host:587/?tls=True.")
    return JourneySettings(
        thank_you=flag(FIELD_THANK_YOU),
        thank_you_delay=timedelta(hours=whole(FIELD_THANK_YOU_HOURS, 23, "The thank-you delay")),
        follow_up=flag(FIELD_FOLLOW_UP),
        follow_up_delay=timedelta(days=whole(FIELD_FOLLOW_UP_DAYS, 365, "The follow-up delay")),
        next_purchase=flag(FIELD_OFFER),
        next_purchase_delay=timedelta(days=whole(FIELD_OFFER_DAYS, 365, "The offer delay")),
        next_purchase_percent=program.parse_decimal(
            FIELD_OFFER_PERCENT, text(FIELD_OFFER_PERCENT), low=Decimal("1"),
            high=Decimal("100"), what="The offer percent"),
        next_purchase_validity=timedelta(days=max(1, whole(
            FIELD_OFFER_VALIDITY, 3650, "The offer validity"))),
        tier_notices=flag(FIELD_TIER_NOTICES),
        demotion_notice=timedelta(days=whole(FIELD_DEMOTION_DAYS, 365, "The demotion notice")),
        expiry_reminder=flag(FIELD_EXPIRY_REMINDER),
        expiry_reminder_notice=timedelta(days=max(1, whole(
            FIELD_EXPIRY_REMINDER_DAYS, 365, "The expiry reminder"))),
        questions=parse_questions(raw.get(FIELD_SURVEY_QUESTIONS)),
        survey_bonus_points=whole(FIELD_SURVEY_BONUS, 10 ** 6, "The survey bonus"),
        survey_page_url=text(FIELD_SURVEY_URL),
        register_page_url=text(FIELD_REGISTER_URL),
        smtp_url=smtp_url,
        sender=text(FIELD_SENDER),
    )


def parse_questions(value: object) -> Tuple[Question, ...]:
    if value is None or not str(value).strip():
        return DEFAULT_QUESTIONS
    field = FIELD_SURVEY_QUESTIONS
    try:
        items = json.loads(str(value))
    except ValueError as error:
        raise _invalid(field, "Not valid JSON (%s); e.g. %s" % (error, QUESTIONS_EXAMPLE))
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_QUESTIONS:
        raise _invalid(field, "Give a list of 1 to %d questions." % MAX_QUESTIONS)
    questions = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise _invalid(field, "Question %d must be an object." % number)
        key, text_ = str(item.get("key") or "").strip(), str(item.get("text") or "").strip()
        kind, choices = item.get("kind"), item.get("choices") or []
        if not key or not text_ or len(key) > 32 or len(text_) > 200:
            raise _invalid(field, "Question %d needs a key (up to 32 characters) and a text "
                                  "(up to 200)." % number)
        if kind not in QUESTION_KINDS:
            raise _invalid(field, "Question %d: kind must be one of %s."
                           % (number, ", ".join(QUESTION_KINDS)))
        if kind == KIND_CHOICE and (not isinstance(choices, list) or not 2 <= len(choices) <= 10):
            raise _invalid(field, "Question %d: a choice question needs 2 to 10 choices." % number)
        questions.append(Question(key, text_, kind, tuple(str(c) for c in choices)
                                  if kind == KIND_CHOICE else ()))
    if len({q.key for q in questions}) != len(questions):
        raise _invalid(field, "Each question needs its own key.")
    return tuple(questions)


def parse_smtp_url(url: str) -> Optional[dict]:
    """smtp[s]://user:password@host:port/?tls=True -> host, port, username, password, tls, ssl."""
    from urllib.parse import parse_qs, unquote, urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("smtp", "smtps", "submission") or not parts.hostname:
        return None
    query = {key.lower(): values[-1].lower() for key, values in parse_qs(parts.query).items()}
    return {
        "host": parts.hostname, "port": port or (465 if parts.scheme == "smtps" else 25),
        "username": unquote(parts.username or ""), "password": unquote(parts.password or ""),
        "use_tls": query.get("tls") in ("true", "1") or parts.scheme == "submission",
        "use_ssl": query.get("ssl") in ("true", "1") or parts.scheme == "smtps",
    }


# When each step is due -------------------------------------------------------

@dataclass(frozen=True)
class OrderMoments:
    """What the schedule needs of an order."""

    created_at: datetime
    fulfilled_at: Optional[datetime]
    is_undone: bool
    is_guest: bool


def order_steps(settings: JourneySettings) -> List[Tuple[str, str, timedelta]]:
    """(message key, moment it counts from: created | fulfilled, delay) of each step on."""
    steps = []
    if settings.thank_you:
        steps.append((THANK_YOU.key, "created", settings.thank_you_delay))
    if settings.follow_up:
        steps.append((FOLLOW_UP.key, "fulfilled", settings.follow_up_delay))
    if settings.next_purchase:
        steps.append((NEXT_PURCHASE.key, "fulfilled", settings.next_purchase_delay))
    return steps


def due_window(delay: timedelta, now: datetime) -> Tuple[datetime, datetime]:
    """Orders whose moment lies in [start, end] have this step due now."""
    return now - delay - LATEST, now - delay


def is_due(step: str, order: OrderMoments, settings: JourneySettings, now: datetime) -> bool:
    for key, moment, delay in order_steps(settings):
        if key != step:
            continue
        when = order.created_at if moment == "created" else order.fulfilled_at
        if when is None or order.is_undone:
            return False
        if key == NEXT_PURCHASE.key and order.is_guest:
            return False  # a personal code needs an account to bind it to
        start, end = due_window(delay, now)
        return start <= when <= end
    return False


def demotion_notice_due(grace_until: Optional[datetime], settings: JourneySettings,
                        now: datetime) -> bool:
    return (settings.tier_notices and grace_until is not None
            and now < grace_until <= now + settings.demotion_notice)


# Survey ------------------------------------------------------------------------

def clean_answers(questions: Sequence[Question], answers: Mapping[str, object]) -> dict:
    """The answers keyed by question, each checked against its question; unknown keys refused."""
    by_key = {question.key: question for question in questions}
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        raise _invalid("answers", "Unknown question %s; the questions are: %s."
                       % (", ".join(unknown), ", ".join(by_key)))
    cleaned = {}
    for key, value in answers.items():
        question = by_key[key]
        value = "" if value is None else str(value).strip()
        if not value:
            continue
        if question.kind == KIND_SCALE:
            if value not in [str(number) for number in range(11)]:
                raise _invalid("answers", "%r takes a whole number from 0 to 10." % question.text)
            cleaned[key] = int(value)
        elif question.kind == KIND_CHOICE:
            if value not in question.choices:
                raise _invalid("answers", "%r takes one of: %s."
                               % (question.text, ", ".join(question.choices)))
            cleaned[key] = value
        else:
            if len(value) > MAX_TEXT_ANSWER:
                raise _invalid("answers", "%r takes at most %d characters."
                               % (question.text, MAX_TEXT_ANSWER))
            cleaned[key] = value
    if not cleaned:
        raise _invalid("answers", "Answer at least one question.")
    return cleaned


@dataclass(frozen=True)
class RecommendScore:
    responses: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> Optional[int]:
        """NPS: % promoters (9-10) minus % detractors (0-6), -100..100; None without answers."""
        if not self.responses:
            return None
        return round(100 * (self.promoters - self.detractors) / self.responses)


def recommend_score(scores: Sequence[int]) -> RecommendScore:
    return RecommendScore(
        responses=len(scores),
        promoters=sum(1 for score in scores if score >= 9),
        passives=sum(1 for score in scores if 7 <= score <= 8),
        detractors=sum(1 for score in scores if score <= 6),
    )
