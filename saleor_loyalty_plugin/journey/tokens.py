"""Signed tokens for links in mail: one-click unsubscribe and the per-order survey.

Signed with the shop's SECRET_KEY (Django's signing), so a link cannot be
forged or pointed at someone else's address or order, and no login is
needed to use it.
"""
from typing import Optional

from django.core import signing

UNSUBSCRIBE_SALT = "saleor_loyalty_plugin.unsubscribe"
SURVEY_SALT = "saleor_loyalty_plugin.survey"
SURVEY_MAX_AGE = 180 * 24 * 60 * 60  # a survey link works for half a year


def unsubscribe_token(email: str, scope: str) -> str:
    return signing.dumps({"e": email.lower(), "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> Optional[dict]:
    """{"e": e-mail, "s": scope}, or None for a token this shop never signed."""
    try:
        value = signing.loads(token or "", salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) and value.get("e") else None


def survey_token(order_id: str) -> str:
    return signing.dumps({"o": str(order_id)}, salt=SURVEY_SALT, compress=True)


def read_survey_token(token: str) -> Optional[str]:
    """The order id, or None for a forged or expired token."""
    try:
        value = signing.loads(token or "", salt=SURVEY_SALT, max_age=SURVEY_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return str(value.get("o")) if isinstance(value, dict) and value.get("o") else None
