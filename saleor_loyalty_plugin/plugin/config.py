"""What the merchant sees and edits in the dashboard's plugin page.

Saleor has no numeric or choice field types, so every setting is a string or
boolean with help text that says exactly what to type; parsing and validation
are the core's (``core/program.py``).
"""
from typing import Dict, Iterable, Mapping

from ..core import insights, program, punch_cards, tiers
from ..hosts import host
from .journey_config import journey_structure
from .bonus_config import EXPIRY_AND_BONUS_FIELDS
from ..program.defaults import DEFAULT_ACTIVE, default_values  # noqa: F401  (DEFAULT_ACTIVE: the plugin class)

# Saleor's ConfigurationTypeField values, identical on 2.10 and 3.x.
STRING = "String"
BOOLEAN = "Boolean"
# Saleor 3 shows a text area for MULTILINE; 2.10 only has single-line strings.
MULTILINE = host.MULTILINE_FIELD_TYPE

CONFIG_STRUCTURE = {
    program.FIELD_POINTS_PER_UNIT: {
        "type": STRING,
        "label": "Points per currency unit",
        "help_text": (
            "How many points a customer earns for each unit of money actually paid "
            "(e.g. 1 = one point per dollar, 2.5 = five points per two dollars). "
            "A number from 0 to 1000; 0 pauses earning."
        ),
    },
    program.FIELD_TRIGGER: {
        "type": STRING,
        "label": "Award points when",
        "help_text": (
            "Type 'order_fully_paid' to award points when an order is fully paid, or "
            "'order_fulfilled' to wait until everything has been shipped. Saleor 3 keeps an "
            "order from an unpaid checkout unconfirmed until staff confirm it; it earns once "
            "confirmed and paid (loyaltyAccount orders shows each order's state)."
        ),
    },
    program.FIELD_PENDING_DAYS: {
        "type": STRING,
        "label": "Return window (days points stay pending)",
        "help_text": (
            "Whole number of days earned points stay pending before they can be "
            "spent, so returns can take them back (0 to 3650, e.g. 30)."
        ),
    },
    program.FIELD_ROUNDING: {
        "type": STRING,
        "label": "Rounding of fractional points",
        "help_text": "Type 'down' (default), 'nearest' or 'up'.",
    },
    program.FIELD_INCLUDE_SHIPPING: {
        "type": BOOLEAN,
        "label": "Award points on shipping",
        "help_text": "Off (default): shipping costs earn no points.",
    },
    tiers.FIELD_TIERS: {
        "type": MULTILINE,
        "label": "VIP tiers (JSON)",
        "help_text": (
            "Leave empty for no tiers, or type a JSON list, lowest to highest, e.g. "
            + tiers.EXAMPLE
            + ". Keys: name; basis (money_spent | points_earned | orders); threshold; "
            "window (rolling_12_months | calendar_year | lifetime), the same basis and "
            "window for every tier; earn_multiplier (default 1); discount_percent and "
            "discount_min_order; free_shipping and free_shipping_min_order; grace_days "
            "before a demotion; slug, the key members' tiers refer to (written in from the "
            "name when first saved; renaming the tier keeps it)."
        ),
    },
    program.FIELD_THRESHOLD_PERCENT: {
        "type": STRING,
        "label": "Threshold discount for every customer (%)",
        "help_text": (
            "Percent off for any signed-in customer whose order reaches the minimum "
            "below, e.g. 10. 0 (default) turns it off."
        ),
    },
    program.FIELD_THRESHOLD_MIN_ORDER: {
        "type": STRING,
        "label": "Threshold discount: minimum order",
        "help_text": (
            "Order subtotal, in the channel's currency, the threshold discount needs, e.g. 200."
        ),
    },
    program.FIELD_MAX_DISCOUNT_PERCENT: {
        "type": STRING,
        "label": "Maximum loyalty discount per order (%)",
        "help_text": (
            "No loyalty reward takes more than this share off an order, e.g. 30. "
            "100 (default) means no cap beyond the order itself."
        ),
    },
    program.FIELD_REDEEM_RATE: {
        "type": STRING,
        "label": "Points per currency unit when paying with points",
        "help_text": (
            "How many points buy one unit of money off a checkout, e.g. 100 (100 points = $1). "
            "0 (default) turns paying with points off."
        ),
    },
    program.FIELD_REDEEM_MIN: {
        "type": STRING,
        "label": "Minimum points per redemption",
        "help_text": "Whole number, e.g. 500. 0 (default) means no minimum.",
    },
    program.FIELD_REDEEM_STEP: {
        "type": STRING,
        "label": "Redeem in steps of",
        "help_text": "Points are redeemed in multiples of this, e.g. 100. Default 1.",
    },
    program.FIELD_REDEEM_MAX_PERCENT: {
        "type": STRING,
        "label": "Largest share of an order points may pay (%)",
        "help_text": "e.g. 50 lets points pay at most half of the goods. Default 100.",
    },
    program.FIELD_VIP_SKU: {
        "type": STRING,
        "label": "Paid VIP membership: product SKU",
        "help_text": (
            "SKU of the product variant customers buy to become members (an annual fee). "
            "Empty (default): no paid membership."
        ),
    },
    program.FIELD_VIP_TIER: {
        "type": STRING,
        "label": "Paid VIP membership: tier granted",
        "help_text": "Slug of the tier members hold, e.g. gold (one of the VIP tiers above).",
    },
    program.FIELD_VIP_MONTHS: {
        "type": STRING,
        "label": "Paid VIP membership: months",
        "help_text": "How long one purchase keeps the tier, 1-120. Default 12.",
    },
    punch_cards.FIELD_PUNCH_CARDS: {
        "type": MULTILINE,
        "label": "Punch cards (JSON)",
        "help_text": (
            "Empty for none, or a JSON list such as " + punch_cards.EXAMPLE + ": every "
            "'goal' units bought of the product (product_sku) or category (category, a "
            "slug) earn the customer one unit free, as a personal voucher. Each card's "
            "slug (written in from its name when first saved) keeps members' progress "
            "through a rename."
        ),
    },
    insights.FIELD_ACTIVITY_MONTHS: {
        "type": STRING,
        "label": "Insights: activity window (months)",
        "help_text": (
            "A customer (an e-mail address, guests included) counts as a customer at a "
            "moment when they have a paid, not cancelled order in this many months before "
            "it. Retention is ((E - N) / S) x 100: S customers at the period's start, E at "
            "its end, N new (first order ever) during it. 1-120, default 12."
        ),
    },
    insights.FIELD_TOP_SHARE: {
        "type": STRING,
        "label": "Insights: best customers (%)",
        "help_text": (
            "The share of the period's buyers, by revenue, shown as the best customers "
            "(the Pareto figure: their share of revenue), e.g. 20. Default 20."
        ),
    },
}
CONFIG_STRUCTURE.update(journey_structure(MULTILINE))

CONFIG_STRUCTURE.update(EXPIRY_AND_BONUS_FIELDS)

# The dashboard's fields in the order shown, with the core's defaults (one source).
DEFAULT_CONFIGURATION = [{"name": name, "value": default_values()[name]} for name in CONFIG_STRUCTURE]


def values_from_items(items: Iterable[Mapping[str, object]]) -> Dict[str, object]:
    values = default_values()
    for item in items or []:
        values[item["name"]] = item.get("value")
    return values
