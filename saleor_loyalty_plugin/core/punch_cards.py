"""Punch cards: "buy 10, the 11th is free", for a product or a whole category.

The merchant types the cards as JSON in the dashboard; every unit bought in
a paid order punches the card, and each full card earns one free unit.
"""
import json
import re
from dataclasses import dataclass
from typing import Tuple

from .errors import LoyaltyError, LoyaltyErrorCode
from .keys import card_key

FIELD_PUNCH_CARDS = "punch_cards"
KEYS = {"name", "slug", "goal", "product_sku", "category"}
MAX_CARDS = 20
MAX_GOAL = 1000
# A card's slug is stored in punches (64 characters) and in its reward kinds
# "punch_card:<slug>:<n>" (128 characters), so it is at most this long.
MAX_SLUG_LENGTH = 64
EXAMPLE = '[{"name": "Tee club", "product_sku": "TEE-ORGANIC", "goal": 10}]'
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PunchCard:
    name: str
    slug: str
    goal: int
    product_sku: str = ""
    category: str = ""

    def units_in(self, lines) -> int:
        """Units of this card's product or category in ``(sku, category, quantity)`` lines."""
        return sum(
            quantity for sku, category, quantity in lines
            if (self.product_sku and sku == self.product_sku)
            or (self.category and category == self.category)
        )


@dataclass(frozen=True)
class PunchProgress:
    progress: int
    rewards_earned: int


def progress_of(card: PunchCard, units: int) -> PunchProgress:
    return PunchProgress(progress=units % card.goal, rewards_earned=units // card.goal)


def _error(message):
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=FIELD_PUNCH_CARDS)


def _card(position, raw) -> PunchCard:
    label = "Punch card %d" % position
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
        raise _error("%s needs a name." % label)
    label = "Punch card %d (%s)" % (position, raw["name"].strip())
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise _error("%s: unknown key(s) %s (the help text lists the keys)." % (label, ", ".join(unknown)))
    goal = raw.get("goal")
    if isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= MAX_GOAL:
        raise _error("%s: goal must be a whole number from 1 to %d." % (label, MAX_GOAL))
    sku, category = raw.get("product_sku") or "", raw.get("category") or ""
    if not isinstance(sku, str) or not isinstance(category, str) or bool(sku) == bool(category):
        raise _error("%s: give either product_sku or category (a category slug)." % label)
    slug = card_key(raw, MAX_SLUG_LENGTH)
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise _error("%s: slug must be lowercase letters, digits and dashes." % label)
    if len(slug) > MAX_SLUG_LENGTH:
        raise _error("%s: slug must be at most %d characters." % (label, MAX_SLUG_LENGTH))
    return PunchCard(name=raw["name"].strip(), slug=slug, goal=goal, product_sku=sku, category=category)


def parse_punch_cards(text) -> Tuple[PunchCard, ...]:
    if text is None or (isinstance(text, str) and not text.strip()):
        return ()
    try:
        raw = json.loads(text) if isinstance(text, str) else text
    except ValueError as error:
        raise _error("not valid JSON (%s); the help text has an example." % error)
    if not isinstance(raw, list) or len(raw) > MAX_CARDS:
        raise _error("must be a JSON list of at most %d cards; the help text has an example." % MAX_CARDS)
    cards = tuple(_card(i + 1, item) for i, item in enumerate(raw))
    if len({card.slug for card in cards}) != len(cards):
        raise _error("Two punch cards have the same slug.")
    return cards
