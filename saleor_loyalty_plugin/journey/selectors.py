"""Staff reads: survey responses with the recommend score, and a customer's messages."""
import json

from django.db.models import Count, Q

from ..core import journey as core
from .models import LoyaltyMessage, LoyaltySurveyResponse

MAX_ROWS = 100


def survey_responses(channel: str, first: int):
    return list(LoyaltySurveyResponse.objects.filter(channel=channel)[:max(0, min(first, MAX_ROWS))])


def recommend_score(channel: str) -> core.RecommendScore:
    """Counted in one query, however many responses (core.RecommendScore's bands)."""
    counts = LoyaltySurveyResponse.objects.filter(
        channel=channel, recommend__isnull=False).aggregate(
        responses=Count("pk"), promoters=Count("pk", filter=Q(recommend__gte=9)),
        passives=Count("pk", filter=Q(recommend__gte=7, recommend__lte=8)),
        detractors=Count("pk", filter=Q(recommend__lte=6)))
    return core.RecommendScore(**counts)


def answers_of(response: LoyaltySurveyResponse) -> dict:
    return json.loads(response.answers or "{}")


def messages_for(email: str, first: int):
    return list(LoyaltyMessage.objects.filter(email=(email or "").strip().lower())
                [:max(0, min(first, MAX_ROWS))])


def has_response(order_id: str) -> bool:
    return LoyaltySurveyResponse.objects.filter(order_id=order_id).exists()
