import graphene
from django.utils import timezone

from ...core.errors import LoyaltyError, LoyaltyErrorCode
from ...ledger.selectors import account_for_user
from ...program.selectors import active_program_for
from ...referrals.services import customer_claim_referral
from ..types import LoyaltyAccount
from .base import LoyaltyMutation, channel_or_error, signed_in

MAX_CODE_LENGTH = 32


class LoyaltyClaimReferral(LoyaltyMutation):
    """The signed-in new customer registered with a friend's referral code.

    The storefront calls it right after ``accountRegister`` and sign-in
    (with e-mail confirmation on, after the confirmation), passing the code
    from the referral link.  The friend gets the welcome points at once; the
    referrer is paid once this customer's first paid order is past the
    return window.  Refused with REFERRAL_SELF, REFERRAL_ALREADY_CLAIMED,
    REFERRAL_LIMIT_REACHED, REFERRAL_NOT_NEW_CUSTOMER, REFERRAL_CODE_UNKNOWN,
    REFERRAL_UNAVAILABLE or ACCOUNT_NOT_CONFIRMED.
    """

    account = graphene.Field(LoyaltyAccount)

    class Arguments:
        code = graphene.String(required=True, description="The friend's referral code.")
        channel = graphene.String(description="Channel slug (Saleor 3).")

    @classmethod
    def perform(cls, root, info, code, channel=None):
        user = signed_in(info, "Sign in to use a referral code.")
        if not code.strip() or len(code) > MAX_CODE_LENGTH:
            raise LoyaltyError("No customer has this referral code.",
                               code=LoyaltyErrorCode.REFERRAL_CODE_UNKNOWN, field="code")
        slug = channel_or_error(info, channel)
        customer_claim_referral(friend=user, code=code, channel=slug,
                                settings=active_program_for(slug), now=timezone.now())
        return cls(account=account_for_user(user, slug), errors=[])
