import graphene

from ..core import balances, program
from ..core.errors import LoyaltyErrorCode as CoreErrorCode

LoyaltyErrorCode = graphene.Enum(
    "LoyaltyErrorCode", [(code.name, code.value) for code in CoreErrorCode]
)
LoyaltyTransactionKind = graphene.Enum(
    "LoyaltyTransactionKind", [(kind.upper(), kind) for kind in balances.KINDS]
)
LoyaltyTransactionStatus = graphene.Enum(
    "LoyaltyTransactionStatus", [(status.upper(), status) for status in balances.STATUSES]
)
LoyaltyAwardTrigger = graphene.Enum(
    "LoyaltyAwardTrigger", [(trigger.upper(), trigger) for trigger in program.AWARD_TRIGGERS]
)
LoyaltyRounding = graphene.Enum(
    "LoyaltyRounding", [(mode.upper(), mode) for mode in program.ROUNDING_MODES]
)
