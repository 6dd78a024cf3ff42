"""VIP tiers: the merchant's ladder, who qualifies, and when a tier changes.

The ladder is typed into the dashboard as JSON (Saleor has no list fields), so
parsing is strict: unknown keys are typos, every error names the tier and the
key, and one ladder is measured in one unit (basis and window shared by all
tiers) so "spend $X more to reach Gold" always has an answer.
"""
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Optional, Sequence, Tuple

from .errors import LoyaltyError, LoyaltyErrorCode
from .keys import slugify, tier_key  # noqa: F401 (slugify: the name's key, for callers)

FIELD_TIERS = "tiers"

BASIS_MONEY_SPENT = "money_spent"
BASIS_POINTS_EARNED = "points_earned"
BASIS_ORDERS = "orders"
BASES = (BASIS_MONEY_SPENT, BASIS_POINTS_EARNED, BASIS_ORDERS)

WINDOW_ROLLING_12_MONTHS = "rolling_12_months"
WINDOW_CALENDAR_YEAR = "calendar_year"
WINDOW_LIFETIME = "lifetime"
WINDOWS = (WINDOW_ROLLING_12_MONTHS, WINDOW_CALENDAR_YEAR, WINDOW_LIFETIME)

MAX_TIERS = 20
MAX_MULTIPLIER = Decimal("10")
KEYS = {
    "name", "slug", "basis", "threshold", "window", "earn_multiplier", "grace_days",
    "discount_percent", "discount_min_order", "free_shipping", "free_shipping_min_order",
}
EXAMPLE = (
    '[{"name": "Silver", "basis": "money_spent", "threshold": 100, '
    '"window": "rolling_12_months", "earn_multiplier": 1.25}, '
    '{"name": "Gold", "basis": "money_spent", "threshold": 500, '
    '"window": "rolling_12_months", "earn_multiplier": 1.5, "discount_percent": 10, '
    '"discount_min_order": 200, "free_shipping": true, "grace_days": 30}]'
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Tier:
    name: str
    slug: str
    basis: str
    threshold: Decimal
    window: str
    earn_multiplier: Decimal = Decimal("1")
    grace_days: int = 0
    discount_percent: Decimal = Decimal("0")
    discount_min_order: Decimal = Decimal("0")
    free_shipping: bool = False
    free_shipping_min_order: Decimal = Decimal("0")


@dataclass(frozen=True)
class TierMetrics:
    """What a customer has done inside the ladder's window."""

    money_spent: Decimal = Decimal("0")
    points_earned: int = 0
    orders: int = 0

    def value(self, basis: str) -> Decimal:
        return Decimal({
            BASIS_MONEY_SPENT: self.money_spent,
            BASIS_POINTS_EARNED: self.points_earned,
            BASIS_ORDERS: self.orders,
        }[basis])


@dataclass(frozen=True)
class TierProgress:
    current: Decimal
    required: Decimal
    remaining: Decimal
    percent: int
    basis: str = BASIS_MONEY_SPENT  # what the amounts measure


def _error(message: str) -> LoyaltyError:
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=FIELD_TIERS)


def _number(label, raw, key, *, default, low, high, whole=False) -> Decimal:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _error("%s: %s must be a number." % (label, key))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _error("%s: %s must be a number, got %r." % (label, key, value))
    if not number.is_finite() or not low <= number <= high:
        raise _error("%s: %s must be between %s and %s." % (label, key, low, high))
    if whole and number != number.to_integral_value():
        raise _error("%s: %s must be a whole number." % (label, key))
    return number


def _choice(label, raw, key, choices) -> str:
    value = raw.get(key)
    if value not in choices:
        raise _error("%s: %s must be one of %s, got %r." % (label, key, ", ".join(choices), value))
    return value


def _tier(position: int, raw) -> Tier:
    label = "Tier %d" % position
    if not isinstance(raw, dict):
        raise _error("%s must be an object with a name and a threshold." % label)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 64:
        raise _error("%s: name is required (text, at most 64 characters)." % label)
    label = "Tier %d (%s)" % (position, name.strip())
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise _error("%s: unknown key(s) %s (the help text lists the keys)." % (label, ", ".join(unknown)))
    slug = tier_key(raw)
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise _error("%s: slug must be lowercase letters, digits and dashes." % label)
    basis = _choice(label, raw, "basis", BASES)
    whole = basis != BASIS_MONEY_SPENT
    free_shipping = raw.get("free_shipping", False)
    if not isinstance(free_shipping, bool):
        raise _error("%s: free_shipping must be true or false." % label)
    return Tier(
        name=name.strip(),
        slug=slug,
        basis=basis,
        threshold=_number(label, raw, "threshold", default=None, low=0, high=10 ** 9, whole=whole),
        window=_choice(label, raw, "window", WINDOWS),
        earn_multiplier=_number(label, raw, "earn_multiplier", default=1, low=Decimal("0.01"), high=MAX_MULTIPLIER),
        grace_days=int(_number(label, raw, "grace_days", default=0, low=0, high=3650, whole=True)),
        discount_percent=_number(label, raw, "discount_percent", default=0, low=0, high=100),
        discount_min_order=_number(label, raw, "discount_min_order", default=0, low=0, high=10 ** 9),
        free_shipping=free_shipping,
        free_shipping_min_order=_number(label, raw, "free_shipping_min_order", default=0, low=0, high=10 ** 9),
    )


def parse_tiers(text) -> Tuple[Tier, ...]:
    """The ladder, lowest threshold first; raises LoyaltyError naming the problem."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return ()
    try:
        raw = json.loads(text) if isinstance(text, str) else text
    except ValueError as error:
        raise _error("not valid JSON (%s); the help text has an example." % error)
    if not isinstance(raw, list):
        raise _error("must be a JSON list of tiers, e.g. [{\"name\": \"Gold\", \"threshold\": 500}].")
    if len(raw) > MAX_TIERS:
        raise _error("At most %d tiers." % MAX_TIERS)
    tiers = sorted((_tier(i + 1, item) for i, item in enumerate(raw)), key=lambda t: t.threshold)
    for first, second in zip(tiers, tiers[1:]):
        if second.threshold == first.threshold:
            raise _error("Tiers %s and %s have the same threshold." % (first.name, second.name))
    for attribute in ("slug", "name"):
        values = [getattr(t, attribute) for t in tiers]
        if len(set(values)) != len(values):
            raise _error("Two tiers have the same %s." % attribute)
    for attribute in ("basis", "window"):
        if len({getattr(t, attribute) for t in tiers}) > 1:
            raise _error("All tiers must use the same %s, so progress is measured in one unit." % attribute)
    return tuple(tiers)


def tier_by_slug(tiers: Sequence[Tier], slug: Optional[str]) -> Optional[Tier]:
    return next((t for t in tiers if t.slug == slug), None)


def rank(tiers: Sequence[Tier], slug: Optional[str]) -> int:
    """0 for no tier, 1 for the lowest, ... (unknown slugs count as no tier)."""
    for index, tier in enumerate(tiers):
        if tier.slug == slug:
            return index + 1
    return 0


def qualifying_tier(tiers: Sequence[Tier], metrics: TierMetrics) -> Optional[Tier]:
    reached = [t for t in tiers if metrics.value(t.basis) >= t.threshold]
    return reached[-1] if reached else None


def next_tier(tiers: Sequence[Tier], current_slug: Optional[str]) -> Optional[Tier]:
    position = rank(tiers, current_slug)
    return tiers[position] if position < len(tiers) else None


def progress_to(tier: Optional[Tier], metrics: TierMetrics) -> Optional[TierProgress]:
    if tier is None:
        return None
    current = metrics.value(tier.basis)
    remaining = max(tier.threshold - current, Decimal("0"))
    percent = 100 if tier.threshold <= 0 else min(int(current * 100 / tier.threshold), 100)
    return TierProgress(current=current, required=tier.threshold, remaining=remaining,
                        percent=percent, basis=tier.basis)


def window_start(window: str, now: datetime) -> Optional[datetime]:
    if window == WINDOW_ROLLING_12_MONTHS:
        return now - timedelta(days=365)
    if window == WINDOW_CALENDAR_YEAR:
        return now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return None


REASON_UNDONE = "an order that counted was refunded or cancelled"


@dataclass(frozen=True)
class TierDecision:
    slug: str
    grace_until: Optional[datetime]
    reason: str


def decide_tier(
    tiers: Sequence[Tier], *, current_slug: str, qualified_slug: str, floor_slug: str,
    grace_until: Optional[datetime], now: datetime, unrefunded_slug: str = "",
) -> TierDecision:
    """Upgrades are immediate; a demotion waits out the current tier's grace days.

    ``floor_slug`` is a tier held regardless of activity (set by staff or a
    paid membership); the customer never drops below it.  ``unrefunded_slug``
    is the tier the same orders would reach had none been refunded or
    cancelled: grace covers a lapse of activity, not an undone purchase, so a
    tier that only an undone order held up is dropped at once.
    """
    target = max((qualified_slug, floor_slug), key=lambda slug: rank(tiers, slug))
    current_rank, target_rank = rank(tiers, current_slug), rank(tiers, target)
    if target_rank >= current_rank:
        reason = "qualified" if target == qualified_slug else "assigned"
        return TierDecision(slug=target, grace_until=None, reason=reason)
    if rank(tiers, unrefunded_slug) >= current_rank:
        return TierDecision(slug=target, grace_until=None, reason=REASON_UNDONE)
    current = tier_by_slug(tiers, current_slug)
    grace_days = current.grace_days if current else 0
    if grace_days and grace_until is None:
        return TierDecision(slug=current_slug, grace_until=now + timedelta(days=grace_days),
                            reason="grace period started")
    if grace_days and now < grace_until:
        return TierDecision(slug=current_slug, grace_until=grace_until, reason="in grace period")
    return TierDecision(slug=target, grace_until=None, reason="no longer qualifies")
