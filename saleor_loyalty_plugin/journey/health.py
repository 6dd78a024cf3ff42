"""The after-sale journey's program-health figures: messages sent, offers used, survey answers.

Registered with the insights' provider registry (``insights.health``), so the
staff API, the report and the staff page show them beside the points figures.
Each is one aggregate over the journey's own tables for the scope's channels
and period; the offers' use is read from the host in one call for the period's codes.
"""
from decimal import Decimal
from typing import List

from django.db.models import Count

from ..core import insights as rules
from ..core import journey as core
from ..hosts import host
from ..insights.health import Figure, register_health_provider
from ..rewards.models import LoyaltyReward
from .models import STATUS_SENT, LoyaltyMessage, LoyaltySurveyResponse
from .offers import KIND_PREFIX as OFFER_KIND_PREFIX


def _in_period(queryset, scope, column):
    return queryset.filter(**{column + "__gte": scope.start, column + "__lt": scope.end})


def journey_figures(scope) -> List[Figure]:
    sent = dict(_in_period(LoyaltyMessage.objects.filter(
        channel__in=scope.channels, status=STATUS_SENT), scope, "sent_at")
        .values_list("message").annotate(n=Count("pk")))
    codes = list(_in_period(LoyaltyReward.objects.filter(
        account__channel__in=scope.channels, kind__startswith=OFFER_KIND_PREFIX),
        scope, "created_at").values_list("voucher_code", flat=True))
    used = len(codes) - len(host.unused_codes(codes)) if codes else 0
    responses = _in_period(LoyaltySurveyResponse.objects.filter(channel__in=scope.channels),
                           scope, "created_at")
    answered = responses.count()
    invited = sent.get(core.FOLLOW_UP.key, 0)
    score = core.recommend_score(list(responses.exclude(recommend=None)
                                      .values_list("recommend", flat=True)))
    return [
        Figure("messages_sent", "Journey messages sent", Decimal(sum(sent.values())), ""),
        Figure("offers_issued", "Next-purchase offers sent", Decimal(len(codes)), ""),
        Figure("offers_used", "Next-purchase offers used", Decimal(used), ""),
        Figure("offer_use_rate", "Offer use rate", rules.percent(used, len(codes)), "percent"),
        Figure("survey_responses", "Survey responses", Decimal(answered), ""),
        Figure("survey_response_rate", "Survey response rate",
               rules.percent(answered, invited), "percent"),
        Figure("recommend_score", "Recommend score (NPS)",
               None if score.score is None else Decimal(score.score), ""),
    ]


register_health_provider("journey", journey_figures)
