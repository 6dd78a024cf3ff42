"""Loyalty queries and mutations, as mixins and as a standalone schema.

The mixins merge into Saleor's own Query/Mutation (``build_merged_schema``)
so a storefront keeps one endpoint; the standalone ``schema`` is what the
Saleor 3 plugin route serves and what ``graphql/schema.graphql`` is printed from.
"""
import graphene

from ..ledger.selectors import account_for_email, account_for_user
from .dataloaders import program_of
from .insights_schema import InsightQueries
from .context import channel_for, query_text, request_user, require_manage_users
from .journey_schema import JourneyQueries
from .mutations.adjust_points import LoyaltyAdjustPoints
from .mutations.claim_referral import LoyaltyClaimReferral
from .mutations.set_birth_date import LoyaltySetBirthDate
from .mutations.redeem_points import LoyaltyCancelRedemption, LoyaltyRedeemPoints
from .mutations.set_tier import LoyaltySetTier
from .mutations.submit_survey import LoyaltySubmitSurvey
from .mutations.unsubscribe import LoyaltyUnsubscribe
from .storefront_schema import StorefrontQueries
from .types import LoyaltyAccount, LoyaltyProgram


class LoyaltyQueries(InsightQueries, StorefrontQueries, JourneyQueries, graphene.ObjectType):
    loyalty_program = graphene.Field(
        LoyaltyProgram,
        channel=graphene.String(description="Channel slug (Saleor 3)."),
        description="The shop's loyalty program: how points are earned. Public.",
    )
    my_loyalty = graphene.Field(
        LoyaltyAccount,
        channel=graphene.String(description="Channel slug (Saleor 3)."),
        description="The signed-in customer's points; null when not signed in.",
    )
    loyalty_account = graphene.Field(
        LoyaltyAccount,
        email=graphene.String(required=True),
        channel=graphene.String(description="Channel slug (Saleor 3)."),
        description="A customer's points by e-mail. Requires MANAGE_USERS.",
    )

    def resolve_loyalty_program(root, info, channel=None):
        slug = channel_for(info, channel)

        def published(program):
            if program is None:
                return None
            return LoyaltyProgram.from_settings(channel=slug, is_active=program.is_active,
                                                settings=program.settings,
                                                currency=program.currency)

        return program_of(info, slug).then(published)

    def resolve_my_loyalty(root, info, channel=None):
        query_text(channel, field="channel")
        user = request_user(info)
        if user is None:
            return None
        return account_for_user(user, channel_for(info, channel))

    def resolve_loyalty_account(root, info, email, channel=None):
        require_manage_users(info)
        email = query_text(email, field="email")
        return account_for_email(email, channel_for(info, channel))


class LoyaltyMutations(graphene.ObjectType):
    loyalty_adjust_points = LoyaltyAdjustPoints.Field()
    loyalty_set_tier = LoyaltySetTier.Field()
    loyalty_redeem_points = LoyaltyRedeemPoints.Field()
    loyalty_cancel_redemption = LoyaltyCancelRedemption.Field()
    loyalty_submit_survey = LoyaltySubmitSurvey.Field()
    loyalty_unsubscribe = LoyaltyUnsubscribe.Field()
    loyalty_set_birth_date = LoyaltySetBirthDate.Field()
    loyalty_claim_referral = LoyaltyClaimReferral.Field()


class Query(LoyaltyQueries):
    pass


class Mutation(LoyaltyMutations):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)


def build_merged_schema(base_query, base_mutation, build=graphene.Schema, mutation_overrides=None):
    """Saleor's schema plus the loyalty fields, built with Saleor's builder.

    ``mutation_overrides`` replaces some of Saleor's mutation fields by name
    (same types and arguments), e.g. checkout mutations that apply rewards.
    """
    merged_query = type("Query", (LoyaltyQueries, base_query), {})
    merged_mutation = type(
        "Mutation", (LoyaltyMutations, base_mutation), dict(mutation_overrides or {})
    )
    return build(merged_query, mutation=merged_mutation)
