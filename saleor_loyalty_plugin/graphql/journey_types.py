"""GraphQL types of the after-sale journey: its rules, the survey, responses, messages."""
import graphene
from graphql_relay import to_global_id

from ..core import journey as core
from ..journey.selectors import answers_of

LoyaltySurveyQuestionKind = graphene.Enum(
    "LoyaltySurveyQuestionKind", [(kind.upper(), kind) for kind in core.QUESTION_KINDS])


class LoyaltySurveyQuestion(graphene.ObjectType):
    key = graphene.String(required=True, description="Send answers under this key.")
    text = graphene.String(required=True)
    kind = LoyaltySurveyQuestionKind(required=True,
                                     description="CHOICE (one of choices), SCALE (0-10), TEXT.")
    choices = graphene.List(graphene.NonNull(graphene.String), required=True)


class LoyaltyJourneyRules(graphene.ObjectType):
    """Which after-sale messages the channel sends, and when."""

    thank_you = graphene.Boolean(required=True, description="A thank-you on the order's day.")
    follow_up_days = graphene.Int(description="Days after fulfilment; null when off.")
    next_purchase_days = graphene.Int(description="Days after fulfilment; null when off.")
    next_purchase_percent = graphene.Float(required=True)
    next_purchase_validity_days = graphene.Int(required=True)
    tier_notices = graphene.Boolean(required=True)
    survey_bonus_points = graphene.Int(required=True)

    @staticmethod
    def of(rules: core.JourneySettings) -> "LoyaltyJourneyRules":
        return LoyaltyJourneyRules(
            thank_you=rules.thank_you,
            follow_up_days=rules.follow_up_delay.days if rules.follow_up else None,
            next_purchase_days=rules.next_purchase_delay.days if rules.next_purchase else None,
            next_purchase_percent=float(rules.next_purchase_percent),
            next_purchase_validity_days=rules.next_purchase_validity.days,
            tier_notices=rules.tier_notices, survey_bonus_points=rules.survey_bonus_points)


class LoyaltyProgramJourneyFields:
    """``LoyaltyProgram`` fields of the journey and the survey (a mixin, like the storefront's)."""

    journey = graphene.Field(LoyaltyJourneyRules, required=True)
    survey_questions = graphene.List(graphene.NonNull(LoyaltySurveyQuestion), required=True)

    def resolve_journey(root, info):
        return LoyaltyJourneyRules.of(root.rules.journey)

    def resolve_survey_questions(root, info):
        return list(root.rules.journey.questions)


class LoyaltySurveyAnswer(graphene.ObjectType):
    key = graphene.String(required=True)
    value = graphene.String(required=True)


class LoyaltySurveyAnswerInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="The question's key.")
    value = graphene.String(required=True, description="A choice, 0-10, or text.")


class LoyaltySurvey(graphene.ObjectType):
    """What a survey page shows for the token in its link."""

    order_number = graphene.String(required=True)
    questions = graphene.List(graphene.NonNull(LoyaltySurveyQuestion), required=True)
    answered = graphene.Boolean(required=True, description="True once the order's survey is in.")
    bonus_points = graphene.Int(required=True, description="Points for answering (if signed up).")


class LoyaltySurveyResponse(graphene.ObjectType):
    id = graphene.ID(required=True)
    order_number = graphene.String(required=True)
    email = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    recommend = graphene.Int(description="The 0-10 recommend answer, if given.")
    bonus_points = graphene.Int(required=True)
    answers = graphene.List(graphene.NonNull(LoyaltySurveyAnswer), required=True)

    def resolve_id(root, info):
        return to_global_id("LoyaltySurveyResponse", root.pk)

    def resolve_answers(root, info):
        return [LoyaltySurveyAnswer(key=key, value=str(value))
                for key, value in answers_of(root).items()]


class LoyaltyRecommendScore(graphene.ObjectType):
    """Net promoter score: % answering 9-10 minus % answering 0-6."""

    score = graphene.Int(description="-100 to 100; null without answers.")
    responses = graphene.Int(required=True)
    promoters = graphene.Int(required=True)
    passives = graphene.Int(required=True)
    detractors = graphene.Int(required=True)


class LoyaltySurveyResults(graphene.ObjectType):
    recommend_score = graphene.Field(LoyaltyRecommendScore, required=True)
    responses = graphene.List(graphene.NonNull(LoyaltySurveyResponse), required=True,
                              description="Newest first.")


class LoyaltyMessageLog(graphene.ObjectType):
    """One e-mail of the journey to one customer."""

    message = graphene.String(required=True, description="e.g. thank_you, follow_up.")
    category = graphene.String(required=True, description="transactional or marketing.")
    channel = graphene.String()
    status = graphene.String(required=True, description="sent, sending or failed.")
    subject = graphene.String(required=True)
    order_number = graphene.String()
    created_at = graphene.DateTime(required=True)
    sent_at = graphene.DateTime()

    def resolve_channel(root, info):
        return root.channel or None

    def resolve_order_number(root, info):
        return root.order_number or None
