from datetime import date

import pytest

from saleor_loyalty_plugin.core.bonuses import (
    birthday_in,
    normalized_address,
    normalized_email,
    normalized_phone,
    parse_bonus_rules,
    shares_identity,
)
from saleor_loyalty_plugin.core.errors import LoyaltyError


def test_one_mailbox_however_it_is_spelled():
    assert normalized_email("Ada.Lovelace+shop@GMail.com") == normalized_email("adalovelace@gmail.com")
    assert normalized_email("ada+x@example.com") == "ada@example.com"
    assert normalized_email("a.da@example.com") != normalized_email("ada@example.com")


def test_same_household_by_address_or_phone():
    referrer = {normalized_address("350 Fifth Avenue", "10118", "US"), normalized_phone("+1 212 555 0100")}
    by_address = {normalized_address("350 fifth avenue ", "10118", "US")}
    by_phone = {normalized_phone("(212) 555-0100")}
    stranger = {normalized_address("1 Main St", "02110", "US"), normalized_phone("")}

    assert shares_identity(referrer, by_address)
    assert shares_identity(referrer, by_phone)
    assert not shares_identity(referrer, stranger)


def test_a_leap_day_birthday_is_kept_on_the_28th_in_common_years():
    assert birthday_in(2025, date(2000, 2, 29)) == date(2025, 2, 28)
    assert birthday_in(2028, date(2000, 2, 29)) == date(2028, 2, 29)


@pytest.mark.parametrize("raw", [{"signup_bonus_points": "-5"}, {"birthday_bonus_points": "1.5"},
                                 {"referral_link": "https://shop.example.com/register"},
                                 {"referral_link": "javascript:{code}"}])
def test_bad_bonus_settings_are_refused(raw):
    with pytest.raises(LoyaltyError):
        parse_bonus_rules(raw)


def test_the_referral_link_carries_the_code():
    rules = parse_bonus_rules({"referral_link": "https://shop.example.com/r?ref={code}",
                               "referral_welcome_points": "100"})
    assert rules.link_for("ABCD2345") == "https://shop.example.com/r?ref=ABCD2345"
    assert rules.referrals_on
