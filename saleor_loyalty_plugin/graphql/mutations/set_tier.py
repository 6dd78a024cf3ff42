import graphene
from django.utils import timezone

from ...ledger import services as ledger
from ...ledger.selectors import account_for_email
from ...program.selectors import program_for
from ...rewards.lifecycle import account_tier_changed
from ...tiers.services import account_assign_tier
from ...core.errors import LoyaltyError, LoyaltyErrorCode
from ..types import LoyaltyAccount
from .base import LoyaltyMutation, channel_or_error


class LoyaltySetTier(LoyaltyMutation):
    """Hold a customer at (at least) a tier, e.g. a goodwill upgrade; needs MANAGE_USERS.

    The customer never drops below the assigned tier until ``until`` (or until
    staff clear it with ``tier: null``); earning more can still lift them higher.
    """

    account = graphene.Field(LoyaltyAccount)

    requires_manage_users = True

    class Arguments:
        email = graphene.String(required=True, description="The customer's e-mail.")
        tier = graphene.String(description="Tier slug; null clears a staff assignment.")
        reason = graphene.String(required=True, description="Why; kept in the tier history.")
        until = graphene.DateTime(description="When the assignment ends; null = until cleared.")
        channel = graphene.String(description="Channel slug (Saleor 3).")

    @classmethod
    def perform(cls, root, info, email, reason, tier=None, until=None, channel=None):
        slug = channel_or_error(info, channel)
        program = program_for(slug)
        account = account_for_email(email, slug)
        if account is None:
            raise LoyaltyError("No customer with e-mail %r." % email,
                               code=LoyaltyErrorCode.NOT_FOUND, field="email")
        if program is None or not program[1].tiers:
            raise LoyaltyError("This channel has no tiers configured.",
                               code=LoyaltyErrorCode.NOT_FOUND, field="tier")
        if account.pk is None:
            account = ledger.get_or_create_account(user=account.user, channel=slug)
        before = account.tier_slug
        account = account_assign_tier(
            account=account, settings=program[1], tier_slug=tier, reason=reason,
            until=until, actor_email=info.context.user.email, now=timezone.now(),
        )
        if account.tier_slug != before:  # perks follow the tier at once
            account_tier_changed(account_id=account.pk,
                                 settings=program[1] if program[0] else None)
        return cls(account=account, errors=[])
