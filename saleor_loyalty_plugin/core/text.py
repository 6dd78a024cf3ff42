"""Which client text may enter the plugin: no control characters.

PostgreSQL refuses NUL bytes, and the refusal surfaces as a driver error
whose wording ("PostgreSQL text fields cannot contain NUL (0x00) bytes", a
psycopg2 ValueError) would reach the client and say what runs underneath.
No e-mail, slug, key or reason legitimately holds a control character (or a
lone UTF-16 surrogate, which cannot be stored either), so text is checked
once where it enters and refused as a plain ``INVALID`` naming the field.
Only multi-line notes keep line breaks and tabs.
"""
import re
import unicodedata
from typing import Optional

from .errors import LoyaltyError, LoyaltyErrorCode

LINE_BREAKS_AND_TABS = frozenset("\n\r\t")
REFUSED_CATEGORIES = frozenset(("Cc", "Cs"))  # control characters, lone surrogates


def clean_text(value: Optional[str], *, field: str, multiline: bool = False) -> Optional[str]:
    """The value unchanged, or a LoyaltyError(INVALID) naming ``field``."""
    if value is None:
        return None
    allowed = LINE_BREAKS_AND_TABS if multiline else frozenset()
    for character in value:
        if character not in allowed and unicodedata.category(character) in REFUSED_CATEGORIES:
            raise LoyaltyError(
                "The %s is not valid: it contains control characters." % field_in_words(field),
                code=LoyaltyErrorCode.INVALID,
                field=field,
            )
    return value


def field_in_words(field: str) -> str:
    """``idempotencyKey`` → ``idempotency key``, for messages a person reads."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", field).lower()
