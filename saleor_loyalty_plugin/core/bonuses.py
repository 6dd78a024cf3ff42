"""Signup, birthday and referral bonuses: the merchant's amounts and the abuse rules.

Each bonus is points of its own ledger kind, paid once (the ledger key says
once per what); the rules here decide who may be paid, without a database.
"""
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping, Optional

from .errors import LoyaltyError, LoyaltyErrorCode

FIELD_SIGNUP_POINTS = "signup_bonus_points"
FIELD_BIRTHDAY_POINTS = "birthday_bonus_points"
FIELD_REFERRAL_WELCOME_POINTS = "referral_welcome_points"
FIELD_REFERRAL_REWARD_POINTS = "referral_reward_points"
FIELD_REFERRAL_MONTHLY_LIMIT = "referral_monthly_limit"
FIELD_REFERRAL_LINK = "referral_link"
DEFAULTS = {
    FIELD_SIGNUP_POINTS: "0",
    FIELD_BIRTHDAY_POINTS: "0",
    FIELD_REFERRAL_WELCOME_POINTS: "0",
    FIELD_REFERRAL_REWARD_POINTS: "0",
    FIELD_REFERRAL_MONTHLY_LIMIT: "5",
    FIELD_REFERRAL_LINK: "",
}
MAX_BONUS = 1000000
CODE_PLACEHOLDER = "{code}"
# A signup bonus goes to accounts this young only: confirmation also fires for
# old accounts saving their profile, and they did not just sign up.
SIGNUP_BONUS_MAX_AGE_DAYS = 30


@dataclass(frozen=True)
class BonusRules:
    signup_points: int = 0
    birthday_points: int = 0
    referral_welcome_points: int = 0
    referral_reward_points: int = 0
    referral_monthly_limit: int = 5
    referral_link: str = ""

    @property
    def referrals_on(self) -> bool:
        return bool(self.referral_welcome_points or self.referral_reward_points)

    def link_for(self, code: str) -> Optional[str]:
        if not self.referral_link or not code:
            return None
        return self.referral_link.replace(CODE_PLACEHOLDER, code)


def _invalid(field, message):
    return LoyaltyError(message, code=LoyaltyErrorCode.INVALID, field=field)


def _whole(raw, field, *, high, what) -> int:
    text = str(raw.get(field) if raw.get(field) not in (None, "") else DEFAULTS[field]).strip()
    try:
        value = int(text)
    except ValueError:
        raise _invalid(field, "%s must be a whole number, got %r." % (what, text))
    if not 0 <= value <= high:
        raise _invalid(field, "%s must be between 0 and %d." % (what, high))
    return value


def parse_bonus_rules(raw: Mapping[str, object]) -> BonusRules:
    link = str(raw.get(FIELD_REFERRAL_LINK) or "").strip()
    if link and (CODE_PLACEHOLDER not in link or not re.match(r"^https?://", link)):
        raise _invalid(FIELD_REFERRAL_LINK,
                       "The referral link must be an http(s) address containing {code}, "
                       "e.g. https://shop.example.com/register?ref={code}.")
    return BonusRules(
        signup_points=_whole(raw, FIELD_SIGNUP_POINTS, high=MAX_BONUS, what="The signup bonus"),
        birthday_points=_whole(raw, FIELD_BIRTHDAY_POINTS, high=MAX_BONUS,
                               what="The birthday bonus"),
        referral_welcome_points=_whole(raw, FIELD_REFERRAL_WELCOME_POINTS, high=MAX_BONUS,
                                       what="The referred friend's welcome points"),
        referral_reward_points=_whole(raw, FIELD_REFERRAL_REWARD_POINTS, high=MAX_BONUS,
                                      what="The referrer's reward"),
        referral_monthly_limit=_whole(raw, FIELD_REFERRAL_MONTHLY_LIMIT, high=1000,
                                      what="The referrals per month"),
        referral_link=link,
    )


def birthday_in(year: int, birth_date: date) -> date:
    """The day a birthday is celebrated in ``year`` (29 February → 28th in common years)."""
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def check_birth_date(birth_date: date, *, today: date) -> None:
    if birth_date > today or birth_date.year < today.year - 120:
        raise LoyaltyError("Give your real date of birth.", code=LoyaltyErrorCode.INVALID,
                           field="birthDate")


def normalized_email(email: str) -> str:
    """One mailbox, however it is spelled: case, '+tags', and Gmail's dots."""
    local, _, domain = (email or "").strip().lower().partition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return "%s@%s" % (local, domain)


def normalized_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 6 else ""


def normalized_address(street: str, postal_code: str, country: str) -> str:
    text = "%s|%s|%s" % (street, postal_code, country)
    return re.sub(r"[^a-z0-9|]", "", text.lower()) if street else ""


def shares_identity(referrer: Iterable[str], friend: Iterable[str]) -> bool:
    """Whether two sets of normalized e-mails, phones and addresses overlap."""
    return bool({v for v in referrer if v} & {v for v in friend if v})
