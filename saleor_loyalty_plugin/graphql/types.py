import graphene
from django.utils import timezone
from graphql_relay import to_global_id

from ..ledger.selectors import transactions_for
from ..orders.selectors import MAX_ORDERS, order_points_for
from ..program.selectors import program_for
from ..punch_cards.selectors import card_kind_prefix, punch_card_rewards, units_punched
from ..rewards.selectors import automatic_rewards
from ..rewards.services import entitled_specs
from ..tiers.selectors import tier_history_for, tier_metrics
from ..core.punch_cards import progress_of
from ..core import tiers as core_tiers
from .enums import (
    LoyaltyAwardTrigger,
    LoyaltyErrorCode,
    LoyaltyRounding,
    LoyaltyTransactionKind,
    LoyaltyTransactionStatus,
)
from .order_types import LoyaltyOrderPoints
from .pagination import connection_from_queryset
from .reward_types import PUNCH_CARD, LoyaltyAvailableReward, LoyaltyPunchCard
from .tier_types import LoyaltyTier, LoyaltyTierChange, LoyaltyTierProgress

MAX_TIER_HISTORY = 50


class LoyaltyError(graphene.ObjectType):
    field = graphene.String(description="The input field the error is about, if any.")
    code = LoyaltyErrorCode(required=True, description="Machine-readable error code.")
    message = graphene.String(description="What went wrong, for people.")


class LoyaltyOrderReference(graphene.ObjectType):
    id = graphene.ID(description="Saleor's global ID of the order.")
    number = graphene.String(description="The order number the customer sees.")

    def resolve_id(root, info):
        return to_global_id("Order", root["id"])

    def resolve_number(root, info):
        return root["number"]


class LoyaltyTransaction(graphene.ObjectType):
    id = graphene.ID(required=True)
    kind = LoyaltyTransactionKind(required=True)
    points = graphene.Int(required=True, description="Signed: negative takes points away.")
    status = LoyaltyTransactionStatus(
        required=True, description="PENDING points cannot be spent until availableAt."
    )
    created_at = graphene.DateTime(required=True)
    available_at = graphene.DateTime()
    reason = graphene.String(required=True)
    order = graphene.Field(LoyaltyOrderReference)

    def resolve_id(root, info):
        return to_global_id("LoyaltyTransaction", root.pk)

    def resolve_order(root, info):
        if not root.order_id:
            return None
        return {"id": root.order_id, "number": root.order_number}


class LoyaltyTransactionCountableConnection(graphene.relay.Connection):
    total_count = graphene.Int(required=True)

    class Meta:
        node = LoyaltyTransaction


class LoyaltyAccount(graphene.ObjectType):
    email = graphene.String(required=True)
    channel = graphene.String(description="Channel slug; null where Saleor has no channels.")
    points_balance = graphene.Int(required=True, description="Points the customer can spend now.")
    pending_points = graphene.Int(
        required=True, description="Points earned but still inside the return window."
    )
    lifetime_points = graphene.Int(
        required=True, description="All points ever earned, net of refunds and corrections."
    )
    transactions = graphene.relay.ConnectionField(
        LoyaltyTransactionCountableConnection, required=True, description="Newest first."
    )
    tier = graphene.Field(LoyaltyTier, description="The VIP tier in effect; null for none.")
    next_tier = graphene.Field(LoyaltyTier, description="The next tier up; null at the top.")
    progress_to_next_tier = graphene.Field(
        LoyaltyTierProgress, description="Measured in the ladder's basis and window."
    )
    tier_grace_until = graphene.DateTime(
        description="Set while the customer no longer qualifies but keeps the tier."
    )
    available_rewards = graphene.List(
        graphene.NonNull(LoyaltyAvailableReward), required=True,
        description="Discounts the customer is entitled to, best applied at checkout.",
    )
    punch_cards = graphene.List(
        graphene.NonNull(LoyaltyPunchCard), required=True,
        description="The shop's punch cards with this customer's progress.",
    )
    orders = graphene.List(
        graphene.NonNull(LoyaltyOrderPoints),
        required=True,
        first=graphene.Int(default_value=10, description="At most %d." % MAX_ORDERS),
        description=(
            "The customer's newest orders in this channel and their points, with why none "
            "yet (e.g. AWAITING_CONFIRMATION: Saleor 3 keeps orders from unpaid checkouts "
            "unconfirmed until staff confirm them)."
        ),
    )
    tier_history = graphene.List(
        graphene.NonNull(LoyaltyTierChange),
        required=True,
        first=graphene.Int(default_value=10, description="At most %d." % MAX_TIER_HISTORY),
        description="Tier changes, newest first.",
    )

    def resolve_channel(root, info):
        return root.channel or None

    def resolve_points_balance(root, info):
        return root.points_available

    def resolve_pending_points(root, info):
        return root.points_pending

    def resolve_lifetime_points(root, info):
        return root.points_lifetime

    def resolve_transactions(root, info, **args):
        return connection_from_queryset(
            transactions_for(root), args, LoyaltyTransactionCountableConnection
        )

    def resolve_tier(root, info):
        return core_tiers.tier_by_slug(_ladder(root), root.tier_slug)

    def resolve_next_tier(root, info):
        return core_tiers.next_tier(_ladder(root), root.tier_slug)

    def resolve_progress_to_next_tier(root, info):
        ladder = _ladder(root)
        upcoming = core_tiers.next_tier(ladder, root.tier_slug)
        if upcoming is None:
            return None
        metrics = tier_metrics(root, upcoming.window, timezone.now())
        return core_tiers.progress_to(upcoming, metrics)

    def resolve_available_rewards(root, info):
        program = _program_settings(root)
        if program is None:
            return []
        automatic = [
            LoyaltyAvailableReward(
                code=reward.code, kind=reward.kind, value=float(reward.percent),
                min_spent=float(reward.min_spent), expires_at=reward.expires_at,
                label=reward.label,
            )
            for reward in automatic_rewards(root, program, entitled_specs(root, program))
        ]
        free_units = [
            LoyaltyAvailableReward(code=reward.voucher_code, kind=PUNCH_CARD, value=100.0,
                                   min_spent=0.0, expires_at=reward.valid_until,
                                   label=reward.label)
            for reward in _free_unit_rewards(root)
        ]
        return automatic + free_units

    def resolve_punch_cards(root, info):
        program = _program_settings(root)
        if program is None:
            return []
        unused = _free_unit_rewards(root)
        return [
            LoyaltyPunchCard(
                name=card.name, slug=card.slug, goal=card.goal,
                progress=progress_of(card, units_punched(root, card)).progress,
                free_unit_codes=[r.voucher_code for r in unused
                                 if r.kind.startswith(card_kind_prefix(card))],
            )
            for card in program.punch_cards
        ]

    def resolve_orders(root, info, first):
        return order_points_for(root, max(0, first))

    def resolve_tier_history(root, info, first):
        first = max(0, min(first, MAX_TIER_HISTORY))
        return list(tier_history_for(root)[:first])


def _program_settings(account):
    """The account's channel settings, read once per account per request."""
    if not hasattr(account, "_loyalty_settings"):
        program = program_for(account.channel)
        account._loyalty_settings = program[1] if program else None
    return account._loyalty_settings


def _free_unit_rewards(account):
    if not hasattr(account, "_loyalty_free_units"):
        account._loyalty_free_units = punch_card_rewards(account)
    return account._loyalty_free_units


def _ladder(account):
    settings = _program_settings(account)
    return settings.tiers if settings else ()


class LoyaltyProgram(graphene.ObjectType):
    channel = graphene.String()
    is_active = graphene.Boolean(required=True)
    points_per_currency_unit = graphene.Float(required=True)
    award_trigger = LoyaltyAwardTrigger(required=True)
    pending_days = graphene.Int(required=True)
    rounding = LoyaltyRounding(required=True)
    includes_shipping = graphene.Boolean(required=True)
    tiers = graphene.List(
        graphene.NonNull(LoyaltyTier), required=True, description="VIP tiers, lowest first."
    )

    @staticmethod
    def from_settings(*, channel, is_active, settings):
        return LoyaltyProgram(
            channel=channel or None,
            is_active=is_active,
            points_per_currency_unit=float(settings.points_per_currency_unit),
            award_trigger=settings.award_trigger,
            pending_days=settings.pending_days,
            rounding=settings.rounding,
            includes_shipping=settings.include_shipping,
            tiers=list(settings.tiers),
        )
