import graphene

from ...journey.opt_outs import unsubscribe
from .base import LoyaltyMutation


class LoyaltyUnsubscribe(LoyaltyMutation):
    """Stop loyalty e-mails with the token of an unsubscribe link (what the link's page does)."""

    email = graphene.String()
    scope = graphene.String(description="marketing, or all loyalty e-mails.")

    class Arguments:
        token = graphene.String(required=True, description="The token from the link.")

    @classmethod
    def perform(cls, root, info, token):
        opted = unsubscribe(token)
        return cls(email=opted.email, scope=opted.scope, errors=[])
