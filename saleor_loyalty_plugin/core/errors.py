"""Error codes shared by the ledger, the services and the GraphQL layer.

They live in the core so that a rule can say *why* it refused something
without knowing how the refusal will be shown; GraphQL exposes the same values
as the ``LoyaltyErrorCode`` enum.
"""
from enum import Enum


class LoyaltyErrorCode(str, Enum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    INSUFFICIENT_POINTS = "insufficient_points"
    CHANNEL_NOT_FOUND = "channel_not_found"
    ALREADY_DONE = "already_done"
    ACCOUNT_NOT_CONFIRMED = "account_not_confirmed"
    BIRTH_DATE_ALREADY_SET = "birth_date_already_set"
    REFERRAL_UNAVAILABLE = "referral_unavailable"
    REFERRAL_CODE_UNKNOWN = "referral_code_unknown"
    REFERRAL_SELF = "referral_self"
    REFERRAL_ALREADY_CLAIMED = "referral_already_claimed"
    REFERRAL_NOT_NEW_CUSTOMER = "referral_not_new_customer"
    REFERRAL_LIMIT_REACHED = "referral_limit_reached"


class TokenRejected(Exception):
    """The request's access token is expired or invalid: the client must sign in again.

    Kept apart from anonymous requests so that a storefront holding a stale
    token hears "refresh your token" (as from Saleor's own endpoint) instead
    of seeing a signed-out shopper with no points.
    """

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code


class LoyaltyError(Exception):
    """A refusal that names the offending input field and a machine-readable code."""

    def __init__(self, message, *, code, field=None):
        super().__init__(message)
        self.message = message
        self.code = LoyaltyErrorCode(code)
        self.field = field
