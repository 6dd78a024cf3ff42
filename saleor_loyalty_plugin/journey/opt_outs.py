"""Opting out of loyalty mail: stored per address, honoured before every send.

The link in a marketing message opts out of marketing; the link in a
transactional message (a thank-you, a tier notice) opts out of all loyalty
mail.  Opting out only ever widens: a later marketing link never narrows
"all" back to "marketing".
"""
from django.db import IntegrityError, transaction

from ..core.messages import MARKETING
from .models import SCOPE_ALL, SCOPE_MARKETING, LoyaltyOptOut


def scope_for(category: str) -> str:
    return SCOPE_MARKETING if category == MARKETING else SCOPE_ALL


def opt_out(*, email: str, scope: str) -> LoyaltyOptOut:
    email = email.strip().lower()
    try:
        with transaction.atomic():
            return LoyaltyOptOut.objects.create(email=email, scope=scope)
    except IntegrityError:
        if scope == SCOPE_ALL:
            LoyaltyOptOut.objects.filter(email=email).update(scope=SCOPE_ALL)
        return LoyaltyOptOut.objects.get(email=email)


def opt_in(*, email: str) -> None:
    LoyaltyOptOut.objects.filter(email=email.strip().lower()).delete()


def opted_out_scope(email: str):
    """"marketing", "all" or None."""
    return (LoyaltyOptOut.objects.filter(email=(email or "").strip().lower())
            .values_list("scope", flat=True).first())


def blocks(email: str, category: str) -> bool:
    scope = opted_out_scope(email)
    return scope == SCOPE_ALL or (scope == SCOPE_MARKETING and category == MARKETING)


def unsubscribe(token: str) -> LoyaltyOptOut:
    """The one-click link's token opts its address out (of its scope); refused if forged."""
    from ..core.errors import LoyaltyError, LoyaltyErrorCode
    from .tokens import read_unsubscribe_token

    found = read_unsubscribe_token(token)
    if found is None:
        raise LoyaltyError("This unsubscribe link is not valid.", code=LoyaltyErrorCode.INVALID,
                           field="token")
    scope = found.get("s") if found.get("s") in (SCOPE_MARKETING, SCOPE_ALL) else SCOPE_ALL
    return opt_out(email=found["e"], scope=scope)
