"""Dashboard fields for points expiry and the bonuses (merged into ``config.CONFIG_STRUCTURE``)."""
from ..core import bonuses, expiry

STRING = "String"  # Saleor's ConfigurationTypeField value, identical on 2.10 and 3.x

EXPIRY_AND_BONUS_FIELDS = {
    expiry.FIELD_EXPIRY_MODE: {
        "type": STRING,
        "label": "Points expire",
        "help_text": (
            "Type 'none' (default: points never expire), 'after_available' (each order's "
            "points expire the months below after they became spendable, oldest first) or "
            "'after_inactivity' (the whole balance expires after the months below without "
            "an order)."
        ),
    },
    expiry.FIELD_EXPIRY_MONTHS: {
        "type": STRING,
        "label": "Points expire after (months)",
        "help_text": "Whole number of months, 1 to 120. Default 12.",
    },
    bonuses.FIELD_SIGNUP_POINTS: {
        "type": STRING,
        "label": "Signup bonus (points)",
        "help_text": (
            "Points a new customer gets once the account's e-mail is confirmed. "
            "0 (default) turns it off."
        ),
    },
    bonuses.FIELD_BIRTHDAY_POINTS: {
        "type": STRING,
        "label": "Birthday bonus (points)",
        "help_text": (
            "Points a member gets on their birthday, once a year (they set the date once). "
            "0 (default) turns it off."
        ),
    },
    bonuses.FIELD_REFERRAL_WELCOME_POINTS: {
        "type": STRING,
        "label": "Referral: friend's welcome points",
        "help_text": "Points a new customer gets for registering with a friend's code. 0 = none.",
    },
    bonuses.FIELD_REFERRAL_REWARD_POINTS: {
        "type": STRING,
        "label": "Referral: referrer's reward (points)",
        "help_text": (
            "Points the customer who referred a friend gets once the friend's first paid "
            "order is past the return window. 0 = none."
        ),
    },
    bonuses.FIELD_REFERRAL_MONTHLY_LIMIT: {
        "type": STRING,
        "label": "Referral: most friends per customer per month",
        "help_text": "Whole number, 0 to 1000. Default 5.",
    },
    bonuses.FIELD_REFERRAL_LINK: {
        "type": STRING,
        "label": "Referral link",
        "help_text": (
            "Your storefront's registration address with {code} where the customer's code "
            "goes, e.g. https://shop.example.com/register?ref={code}. Empty: no link shown."
        ),
    },
}
