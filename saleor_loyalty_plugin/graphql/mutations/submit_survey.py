import graphene
from django.utils import timezone

from ...core.errors import LoyaltyError, LoyaltyErrorCode
from ...core.journey import MAX_QUESTIONS
from ...core.text import clean_text
from ...journey.survey import submit_survey
from ..journey_types import LoyaltySurveyAnswerInput, LoyaltySurveyResponse
from .base import LoyaltyMutation


class LoyaltySubmitSurvey(LoyaltyMutation):
    """Answer the after-sale survey with the token from the e-mail link; no login.

    One response per order (ALREADY_DONE after that); answering gives the
    customer the channel's bonus points.
    """

    response = graphene.Field(LoyaltySurveyResponse)

    class Arguments:
        token = graphene.String(required=True, description="The token from the survey link.")
        answers = graphene.List(graphene.NonNull(LoyaltySurveyAnswerInput), required=True)

    @classmethod
    def perform(cls, root, info, token, answers):
        if len(answers) > MAX_QUESTIONS:
            raise LoyaltyError("At most %d answers." % MAX_QUESTIONS,
                               code=LoyaltyErrorCode.INVALID, field="answers")
        by_key = {}
        for answer in answers:
            key = clean_text(answer["key"], field="answers")
            by_key[key] = clean_text(answer["value"], field="answers", multiline=True)
        response = submit_survey(token=token, answers=by_key, now=timezone.now())
        return cls(response=response, errors=[])
