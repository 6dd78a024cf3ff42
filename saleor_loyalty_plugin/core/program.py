"""The merchant's program settings: parsing and validation of raw strings.

Saleor hands plugin configuration over as strings (2.10) or loosely typed
values (3.x), and has no numeric or choice field types.  Parsing happens here,
once, so that the dashboard validation, the hooks and the public
``loyaltyProgram`` query all agree on what a setting means.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Mapping, Optional, Tuple

from . import messages
from .errors import LoyaltyError, LoyaltyErrorCode
from .journey import DEFAULTS as JOURNEY_DEFAULTS, JourneySettings, parse_journey
from . import bonuses, expiry
from .bonuses import BonusRules, parse_bonus_rules
from .expiry import ExpiryRule, parse_expiry_rule
from .insights import DEFAULTS as INSIGHT_DEFAULTS, InsightSettings, parse_insight_settings
from .punch_cards import FIELD_PUNCH_CARDS, PunchCard, parse_punch_cards
from .redemption import RedemptionRules
from .tiers import FIELD_TIERS, Tier, parse_tiers

TRIGGER_FULLY_PAID = "order_fully_paid"
TRIGGER_FULFILLED = "order_fulfilled"
AWARD_TRIGGERS = (TRIGGER_FULLY_PAID, TRIGGER_FULFILLED)

ROUNDING_DOWN = "down"
ROUNDING_NEAREST = "nearest"
ROUNDING_UP = "up"
ROUNDING_MODES = (ROUNDING_DOWN, ROUNDING_NEAREST, ROUNDING_UP)

# Configuration field names, shared with the plugin's CONFIG_STRUCTURE.
FIELD_POINTS_PER_UNIT = "points_per_currency_unit"
FIELD_TRIGGER = "award_trigger"
FIELD_PENDING_DAYS = "pending_days"
FIELD_ROUNDING = "rounding"
FIELD_INCLUDE_SHIPPING = "include_shipping"
FIELD_THRESHOLD_PERCENT = "threshold_discount_percent"
FIELD_THRESHOLD_MIN_ORDER = "threshold_discount_min_order"
FIELD_MAX_DISCOUNT_PERCENT = "max_discount_percent"
FIELD_REDEEM_RATE = "redeem_points_per_currency_unit"
FIELD_REDEEM_MIN = "redeem_min_points"
FIELD_REDEEM_STEP = "redeem_step"
FIELD_REDEEM_MAX_PERCENT = "redeem_max_order_percent"
FIELD_VIP_SKU = "vip_membership_sku"
FIELD_VIP_TIER = "vip_membership_tier"
FIELD_VIP_MONTHS = "vip_membership_months"

MAX_POINTS_PER_UNIT = Decimal("1000")
MAX_PENDING_DAYS = 3650

DEFAULTS = {
    FIELD_POINTS_PER_UNIT: "1",
    FIELD_TRIGGER: TRIGGER_FULLY_PAID,
    FIELD_PENDING_DAYS: "30",
    FIELD_ROUNDING: ROUNDING_DOWN,
    FIELD_INCLUDE_SHIPPING: "false",
    FIELD_TIERS: "",
    FIELD_THRESHOLD_PERCENT: "0",
    FIELD_THRESHOLD_MIN_ORDER: "0",
    FIELD_MAX_DISCOUNT_PERCENT: "100",
    FIELD_REDEEM_RATE: "0",
    FIELD_REDEEM_MIN: "0",
    FIELD_REDEEM_STEP: "1",
    FIELD_REDEEM_MAX_PERCENT: "100",
    FIELD_VIP_SKU: "",
    FIELD_VIP_TIER: "",
    FIELD_VIP_MONTHS: "12",
    FIELD_PUNCH_CARDS: "",
    **INSIGHT_DEFAULTS,
}
DEFAULTS.update(JOURNEY_DEFAULTS)
DEFAULTS.update({field: "" for field in messages.template_fields()})
DEFAULTS.update(expiry.DEFAULTS)
DEFAULTS.update(bonuses.DEFAULTS)


@dataclass(frozen=True)
class ProgramSettings:
    points_per_currency_unit: Decimal
    award_trigger: str
    pending_days: int
    rounding: str
    include_shipping: bool
    tiers: Tuple[Tier, ...] = ()
    threshold_discount_percent: Decimal = Decimal("0")
    threshold_discount_min_order: Decimal = Decimal("0")
    max_discount_percent: Decimal = Decimal("100")
    redemption: RedemptionRules = RedemptionRules(points_per_currency_unit=Decimal("0"))
    vip_membership_sku: str = ""
    vip_membership_tier: str = ""
    vip_membership_months: int = 12
    punch_cards: Tuple[PunchCard, ...] = ()
    journey: JourneySettings = JourneySettings()
    # The merchant's mail templates by configuration field (empty: built-in).
    mail_templates: Tuple[Tuple[str, str], ...] = ()
    expiry: ExpiryRule = ExpiryRule()
    bonuses: BonusRules = BonusRules()
    insights: InsightSettings = InsightSettings()


def _invalid(field, message):
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=field)


def _text(raw: Mapping[str, object], field: str) -> str:
    value = raw.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        value = DEFAULTS[field]
    return str(value).strip()


def parse_points_per_unit(text: str) -> Decimal:
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise _invalid(
            FIELD_POINTS_PER_UNIT,
            "Points per currency unit must be a number such as 1 or 2.5, got %r." % text,
        )
    if not rate.is_finite() or rate < 0:
        raise _invalid(
            FIELD_POINTS_PER_UNIT, "Points per currency unit cannot be negative."
        )
    if rate > MAX_POINTS_PER_UNIT:
        raise _invalid(
            FIELD_POINTS_PER_UNIT,
            "Points per currency unit must be at most %s." % MAX_POINTS_PER_UNIT,
        )
    return rate


def parse_pending_days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise _invalid(
            FIELD_PENDING_DAYS,
            "Pending days must be a whole number of days, got %r." % text,
        )
    if days < 0 or days > MAX_PENDING_DAYS:
        raise _invalid(
            FIELD_PENDING_DAYS,
            "Pending days must be between 0 and %d." % MAX_PENDING_DAYS,
        )
    return days


def parse_decimal(field: str, text: str, *, low: Decimal, high: Decimal, what: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _invalid(field, "%s must be a number, got %r." % (what, text))
    if not value.is_finite() or not low <= value <= high:
        raise _invalid(field, "%s must be between %s and %s." % (what, low, high))
    return value


def parse_choice(field: str, text: str, choices) -> str:
    value = text.lower()
    if value not in choices:
        raise _invalid(
            field,
            "Unknown value %r; choose one of: %s." % (text, ", ".join(choices)),
        )
    return value


def parse_boolean(field: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise _invalid(field, "Expected true or false, got %r." % value)


def parse_program_settings(raw: Mapping[str, object]) -> ProgramSettings:
    """Turn raw configuration values into settings, or raise a LoyaltyError.

    Missing or blank values fall back to the defaults, so a plugin installed
    before a setting existed keeps working.
    """
    include_shipping_raw: Optional[object] = raw.get(FIELD_INCLUDE_SHIPPING)
    if include_shipping_raw is None:
        include_shipping_raw = DEFAULTS[FIELD_INCLUDE_SHIPPING]
    return ProgramSettings(
        points_per_currency_unit=parse_points_per_unit(
            _text(raw, FIELD_POINTS_PER_UNIT)
        ),
        award_trigger=parse_choice(FIELD_TRIGGER, _text(raw, FIELD_TRIGGER), AWARD_TRIGGERS),
        pending_days=parse_pending_days(_text(raw, FIELD_PENDING_DAYS)),
        rounding=parse_choice(FIELD_ROUNDING, _text(raw, FIELD_ROUNDING), ROUNDING_MODES),
        include_shipping=parse_boolean(FIELD_INCLUDE_SHIPPING, include_shipping_raw),
        tiers=parse_tiers(raw.get(FIELD_TIERS)),
        threshold_discount_percent=parse_decimal(
            FIELD_THRESHOLD_PERCENT, _text(raw, FIELD_THRESHOLD_PERCENT),
            low=Decimal("0"), high=Decimal("100"), what="The threshold discount percent",
        ),
        threshold_discount_min_order=parse_decimal(
            FIELD_THRESHOLD_MIN_ORDER, _text(raw, FIELD_THRESHOLD_MIN_ORDER),
            low=Decimal("0"), high=Decimal("1000000000"), what="The threshold minimum order",
        ),
        max_discount_percent=parse_decimal(
            FIELD_MAX_DISCOUNT_PERCENT, _text(raw, FIELD_MAX_DISCOUNT_PERCENT),
            low=Decimal("0"), high=Decimal("100"), what="The maximum loyalty discount",
        ),
        redemption=parse_redemption_rules(raw),
        punch_cards=parse_punch_cards(raw.get(FIELD_PUNCH_CARDS)),
        expiry=parse_expiry_rule(raw),
        bonuses=parse_bonus_rules(raw),
        insights=parse_insight_settings(raw),
        **parse_vip_membership(raw, parse_tiers(raw.get(FIELD_TIERS))),
        journey=parse_journey(raw),
        mail_templates=parse_mail_templates(raw),
    )


def parse_mail_templates(raw: Mapping[str, object]) -> Tuple[Tuple[str, str], ...]:
    messages.check_templates(raw)
    return tuple((field, str(raw.get(field) or "")) for field in messages.template_fields())


def parse_vip_membership(raw: Mapping[str, object], tiers) -> dict:
    """Paid VIP: buying this SKU grants this tier for N months (both or neither)."""
    sku = _text(raw, FIELD_VIP_SKU)
    tier = _text(raw, FIELD_VIP_TIER)
    months = _whole(FIELD_VIP_MONTHS, _text(raw, FIELD_VIP_MONTHS), low=1, high=120,
                    what="The membership length in months")
    if bool(sku) != bool(tier):
        field = FIELD_VIP_TIER if sku else FIELD_VIP_SKU
        raise _invalid(field, "Set both the membership product SKU and the tier it grants, or neither.")
    if tier and tier not in [t.slug for t in tiers]:
        raise _invalid(FIELD_VIP_TIER, "Unknown tier %r; the tiers are: %s."
                       % (tier, ", ".join(t.slug for t in tiers) or "none configured"))
    return {"vip_membership_sku": sku, "vip_membership_tier": tier,
            "vip_membership_months": months}


def _whole(field: str, text: str, *, low: int, high: int, what: str) -> int:
    value = parse_decimal(field, text, low=Decimal(low), high=Decimal(high), what=what)
    if value != value.to_integral_value():
        raise _invalid(field, "%s must be a whole number." % what)
    return int(value)


def parse_redemption_rules(raw: Mapping[str, object]) -> RedemptionRules:
    return RedemptionRules(
        points_per_currency_unit=parse_decimal(
            FIELD_REDEEM_RATE, _text(raw, FIELD_REDEEM_RATE),
            low=Decimal("0"), high=Decimal("1000000"), what="Points per currency unit redeemed",
        ),
        min_points=_whole(FIELD_REDEEM_MIN, _text(raw, FIELD_REDEEM_MIN),
                          low=0, high=10 ** 9, what="The minimum redemption"),
        step=_whole(FIELD_REDEEM_STEP, _text(raw, FIELD_REDEEM_STEP),
                    low=1, high=10 ** 9, what="The redemption step"),
        max_order_percent=parse_decimal(
            FIELD_REDEEM_MAX_PERCENT, _text(raw, FIELD_REDEEM_MAX_PERCENT),
            low=Decimal("0"), high=Decimal("100"), what="The share of an order points may pay",
        ),
    )
