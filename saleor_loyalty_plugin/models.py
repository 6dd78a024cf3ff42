"""Every table of the app, for Django's model registry.

Each model lives with its feature (``ledger/models.py``, ``tiers/models.py``,
...); Django finds an app's models through this one module.
"""
from .ledger.models import LoyaltyAccount, LoyaltyTransaction  # noqa: F401
from .memberships.models import LoyaltyMembership  # noqa: F401
from .punch_cards.models import LoyaltyPunch  # noqa: F401
from .redemption.models import LoyaltyRedemption  # noqa: F401
from .rewards.models import LoyaltyReward, LoyaltyStoreDiscount  # noqa: F401
from .tiers.models import LoyaltyTierChange  # noqa: F401
from .orders.models import LoyaltyJobCursor, LoyaltyOrderSync  # noqa: F401
from .journey.models import LoyaltyMessage, LoyaltyOptOut, LoyaltySurveyResponse  # noqa: F401
from .bonuses.models import LoyaltyProfile  # noqa: F401
from .referrals.models import LoyaltyReferral  # noqa: F401
from .insights.models import (  # noqa: F401
    InsightCohortCount, InsightCustomer, InsightGapCount, InsightMonth, InsightOrder)
