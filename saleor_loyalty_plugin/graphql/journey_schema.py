"""Journey queries: the survey behind a link (public), results and messages (staff).

Mixed into ``LoyaltyQueries`` like every feature's queries.
"""
import graphene
from graphql.error import GraphQLError

from ..core.errors import LoyaltyError
from ..hosts import host
from ..journey.selectors import has_response, messages_for, recommend_score, survey_responses
from ..journey.survey import survey_order
from .context import channel_for, query_text, require_manage_users
from .journey_types import (
    LoyaltyMessageLog,
    LoyaltyRecommendScore,
    LoyaltySurvey,
    LoyaltySurveyResults,
)


class JourneyQueries(graphene.ObjectType):
    loyalty_survey = graphene.Field(
        LoyaltySurvey, token=graphene.String(required=True),
        description="The survey for the token in a follow-up's link. Public; null if invalid.")
    loyalty_survey_results = graphene.Field(
        LoyaltySurveyResults, channel=graphene.String(description="Channel slug (Saleor 3)."),
        first=graphene.Int(default_value=50, description="Newest responses, at most 100."),
        description="Survey responses and the recommend score. Requires MANAGE_USERS.")
    loyalty_customer_messages = graphene.List(
        graphene.NonNull(LoyaltyMessageLog), email=graphene.String(required=True),
        first=graphene.Int(default_value=50, description="At most 100."),
        description="The journey's e-mails to a customer, newest first. Requires MANAGE_USERS.")

    def resolve_loyalty_survey(root, info, token):
        query_text(token, field="token")
        try:
            order, program = survey_order(token)
        except LoyaltyError:
            return None
        snapshot = host.order_snapshot(order, with_lines=False)
        return LoyaltySurvey(
            order_number=snapshot.order_number, questions=list(program.journey.questions),
            answered=has_response(snapshot.order_id),
            bonus_points=program.journey.survey_bonus_points)

    def resolve_loyalty_survey_results(root, info, channel=None, first=50):
        require_manage_users(info)
        slug = channel_for(info, channel)
        score = recommend_score(slug)
        return LoyaltySurveyResults(
            recommend_score=LoyaltyRecommendScore(
                score=score.score, responses=score.responses, promoters=score.promoters,
                passives=score.passives, detractors=score.detractors),
            responses=survey_responses(slug, first))

    def resolve_loyalty_customer_messages(root, info, email, first=50):
        require_manage_users(info)
        email = query_text(email, field="email")
        if not email:
            raise GraphQLError("Give the customer's e-mail.")
        return messages_for(email, first)
