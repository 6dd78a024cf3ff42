"""The message catalogue: every e-mail the plugin can send, and its built-in texts.

A feature adds a message with ``register(Message(...))`` at import time (the
journey's are below; the expiry reminder can register its own); the plugin
configuration then offers a subject, an HTML and a text field for it, the
help text lists its variables, and templates are checked against them.

Built-in texts are files in ``core/mail_templates/`` (``<key>.subject.txt``,
``<key>.html``, ``<key>.txt``), shipped in the package for both hosts.
"""
import os
from dataclasses import dataclass
from typing import Dict, Mapping, Tuple

from . import templating
from .errors import LoyaltyError, LoyaltyErrorCode

TRANSACTIONAL = "transactional"
MARKETING = "marketing"
CATEGORIES = (TRANSACTIONAL, MARKETING)
TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "mail_templates")
# Every message has these, besides its own.
COMMON_VARIABLES = ("first_name", "email", "shop_name", "unsubscribe_url")
PARTS = ("subject", "html", "text")


@dataclass(frozen=True)
class Message:
    key: str
    label: str
    category: str
    variables: Tuple[str, ...] = ()

    @property
    def all_variables(self) -> Tuple[str, ...]:
        return COMMON_VARIABLES + self.variables

    def field(self, part: str) -> str:
        return "mail_%s_%s" % (self.key, part)

    def builtin(self, part: str) -> str:
        suffix = {"subject": ".subject.txt", "html": ".html", "text": ".txt"}[part]
        with open(os.path.join(TEMPLATE_DIR, self.key + suffix), encoding="utf-8") as handle:
            return handle.read().strip() if part == "subject" else handle.read()


_CATALOGUE: Dict[str, Message] = {}


def register(message: Message) -> Message:
    if message.category not in CATEGORIES:
        raise ValueError("Unknown message category %r" % message.category)
    _CATALOGUE.setdefault(message.key, message)
    return _CATALOGUE[message.key]


def catalogue() -> Tuple[Message, ...]:
    return tuple(_CATALOGUE.values())


def get(key: str) -> Message:
    return _CATALOGUE[key]


def template_fields() -> Tuple[str, ...]:
    return tuple(message.field(part) for message in catalogue() for part in PARTS)


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


def templates_of(message: Message, raw: Mapping[str, object]) -> Dict[str, str]:
    """The merchant's template for each part, or the built-in one where empty."""
    found = {}
    for part in PARTS:
        value = raw.get(message.field(part))
        text = str(value) if value is not None else ""
        found[part] = text if text.strip() else message.builtin(part)
    return found


def check_templates(raw: Mapping[str, object]) -> None:
    """Refuse any merchant template outside the subset or naming unknown variables."""
    for message in catalogue():
        for part in PARTS:
            value = raw.get(message.field(part))
            if value is None or not str(value).strip():
                continue
            try:
                templating.check(str(value), message.all_variables)
            except templating.TemplateProblem as problem:
                raise LoyaltyError("The %s template of %r: %s" % (part, message.label, problem),
                                   code=LoyaltyErrorCode.INVALID, field=message.field(part))


THANK_YOU = register(Message(
    "thank_you", "Thank-you after an order", TRANSACTIONAL,
    ("order_number", "order_total", "points", "is_guest", "register_url")))
FOLLOW_UP = register(Message(
    "follow_up", "Follow-up with the survey", MARKETING,
    ("order_number", "survey_url", "survey_bonus_points")))
NEXT_PURCHASE = register(Message(
    "next_purchase", "Next-purchase offer", MARKETING,
    ("order_number", "code", "percent", "valid_until")))
TIER_UPGRADE = register(Message(
    "tier_upgrade", "Tier upgrade", TRANSACTIONAL, ("tier_name",)))
TIER_DEMOTION = register(Message(
    "tier_demotion", "Upcoming demotion", TRANSACTIONAL, ("tier_name", "grace_until")))
# Marketing: it asks the member to come back and spend, so an opt-out stops it.
EXPIRY_REMINDER = register(Message(
    "expiry_reminder", "Points expiry reminder", MARKETING, ("points", "expires_at")))
