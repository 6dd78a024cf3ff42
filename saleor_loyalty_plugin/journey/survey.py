"""The after-sale survey: answers taken with the order's signed token, once per order.

No login: the token in the follow-up's link names the order and nobody can
forge one.  The first response wins (a unique order id); answering gives
the customer the channel's bonus points as a ledger row of its own kind.
"""
import json
from typing import Mapping

from django.db import IntegrityError, transaction

from ..core import journey as core
from ..core.balances import KIND_SURVEY_BONUS
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..hosts import host
from ..ledger import services as ledger
from ..program.selectors import active_program_for
from .models import LoyaltySurveyResponse
from .tokens import read_survey_token

BAD_LINK = "This survey link is not valid or has expired."


def survey_order(token: str):
    """(order, its channel's program) for a survey token, or a LoyaltyError."""
    order_id = read_survey_token(token)
    order = host.get_order(order_id) if order_id else None
    if order is None:
        raise LoyaltyError(BAD_LINK, code=LoyaltyErrorCode.INVALID, field="token")
    program = active_program_for(host.order_channel(order))
    if program is None:
        raise LoyaltyError("The survey is closed.", code=LoyaltyErrorCode.INVALID, field="token")
    return order, program


def submit_survey(*, token: str, answers: Mapping[str, object], now) -> LoyaltySurveyResponse:
    order, program = survey_order(token)
    cleaned = core.clean_answers(program.journey.questions, answers)
    snapshot = host.order_snapshot(order, with_lines=False)
    user = host.get_user(snapshot.customer_user_id) if snapshot.customer_user_id else None
    recommend = cleaned.get(core.RECOMMEND)
    try:
        with transaction.atomic():
            response = LoyaltySurveyResponse.objects.create(
                order_id=snapshot.order_id, order_number=snapshot.order_number,
                channel=snapshot.channel, email=snapshot.customer_email or "", user=user,
                answers=json.dumps(cleaned),
                recommend=recommend if isinstance(recommend, int) else None, created_at=now)
            response.bonus_points = _bonus(response, user, program.journey, now)
            response.save(update_fields=["bonus_points"])
    except IntegrityError:
        raise LoyaltyError("This order's survey was already answered. Thank you!",
                           code=LoyaltyErrorCode.ALREADY_DONE, field="token")
    return response


def _bonus(response, user, journey, now) -> int:
    points = journey.survey_bonus_points
    if user is None or points <= 0:
        return 0  # a guest's answers count; points need an account
    account = ledger.get_or_create_account(user=user, channel=response.channel)
    ledger.grant_bonus(account=account, kind=KIND_SURVEY_BONUS, points=points,
                       key="survey:%s" % response.order_id, order_id=response.order_id,
                       order_number=response.order_number,
                       reason="Survey answered for order #%s" % response.order_number, now=now)
    return points
