from decimal import Decimal

import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError, LoyaltyErrorCode
from saleor_loyalty_plugin.core.program import parse_program_settings


def test_defaults_fill_missing_and_blank_values():
    settings = parse_program_settings({"pending_days": "  "})
    assert settings.points_per_currency_unit == Decimal("1")
    assert settings.award_trigger == "order_fully_paid"
    assert settings.pending_days == 30
    assert settings.rounding == "down"
    assert settings.include_shipping is False


def test_values_are_parsed_and_normalized():
    settings = parse_program_settings(
        {"points_per_currency_unit": " 2.5 ", "award_trigger": "ORDER_FULFILLED",
         "pending_days": "0", "rounding": "Nearest", "include_shipping": True}
    )
    assert (settings.points_per_currency_unit, settings.award_trigger, settings.pending_days,
            settings.rounding, settings.include_shipping) == (
        Decimal("2.5"), "order_fulfilled", 0, "nearest", True)


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"points_per_currency_unit": "-0.5"}, "points_per_currency_unit"),
        ({"points_per_currency_unit": "Infinity"}, "points_per_currency_unit"),
        ({"points_per_currency_unit": "1001"}, "points_per_currency_unit"),
        ({"points_per_currency_unit": "1,5"}, "points_per_currency_unit"),
        ({"award_trigger": "order_created"}, "award_trigger"),
        ({"pending_days": "3651"}, "pending_days"),
        ({"pending_days": "ten"}, "pending_days"),
        ({"rounding": "banker"}, "rounding"),
        ({"include_shipping": "maybe"}, "include_shipping"),
    ],
)
def test_invalid_values_name_their_field(raw, field):
    with pytest.raises(LoyaltyError) as caught:
        parse_program_settings(raw)
    assert caught.value.field == field
    assert caught.value.code == LoyaltyErrorCode.INVALID
    assert caught.value.message
