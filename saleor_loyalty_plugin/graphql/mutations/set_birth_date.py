import datetime

import graphene
from django.utils import timezone

from ...bonuses.services import customer_set_birth_date
from ...core.errors import LoyaltyError, LoyaltyErrorCode
from ...ledger.services import get_or_create_account
from ..types import LoyaltyAccount
from .base import LoyaltyMutation, channel_or_error, signed_in


class LoyaltySetBirthDate(LoyaltyMutation):
    """The signed-in customer's date of birth, for the birthday bonus; it can be set once.

    A second call with another date is refused (BIRTH_DATE_ALREADY_SET), so
    moving the date cannot collect more than one bonus a year; the same date
    again (a retry) succeeds.
    """

    account = graphene.Field(LoyaltyAccount)

    class Arguments:
        birth_date = graphene.String(required=True, description="YYYY-MM-DD.")
        channel = graphene.String(description="Channel slug (Saleor 3).")

    @classmethod
    def perform(cls, root, info, birth_date, channel=None):
        user = signed_in(info, "Sign in to set your date of birth.")
        try:
            parsed = datetime.datetime.strptime(birth_date.strip(), "%Y-%m-%d").date()
        except ValueError:
            raise LoyaltyError("Give the date as YYYY-MM-DD, e.g. 1990-05-17.",
                               code=LoyaltyErrorCode.INVALID, field="birthDate")
        slug = channel_or_error(info, channel)
        customer_set_birth_date(user=user, birth_date=parsed, now=timezone.now())
        # the daily birthday job pays the channel's members: this makes one a member here
        return cls(account=get_or_create_account(user=user, channel=slug), errors=[])
