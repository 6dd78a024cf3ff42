import graphene
from graphql_relay import to_global_id
from promise import Promise

from ..journey.opt_outs import opted_out_scope
from ..ledger.selectors import transactions_for
from ..orders.selectors import MAX_ORDERS, order_points_for
from ..punch_cards.selectors import card_kind_prefix
from ..rewards.selectors import automatic_rewards
from ..rewards.services import entitled_specs
from ..tiers.selectors import tier_history_for
from ..core.punch_cards import progress_of
from ..core import tiers as core_tiers
from .bonus_types import LoyaltyAccountBonusFields, LoyaltyProgramBonusFields
from .dataloaders import (
    FreeUnitRewardsLoader,
    OfferRewardsLoader,
    PunchedUnitsLoader,
    RewardCodesLoader,
    TierMetricsLoader,
    program_of,
)
from .enums import (
    LoyaltyAwardTrigger,
    LoyaltyErrorCode,
    LoyaltyRounding,
    LoyaltyTransactionKind,
    LoyaltyTransactionStatus,
)
from .money_types import in_currency, money
from .order_types import LoyaltyOrderPoints
from .pagination import SortKey, keyset_connection
from .reward_types import NEXT_PURCHASE, PUNCH_CARD, LoyaltyAvailableReward, LoyaltyPunchCard
from .journey_types import LoyaltyProgramJourneyFields
from .storefront_types import LoyaltyProgramStorefrontFields
from .tier_types import LoyaltyTier, LoyaltyTierChange, LoyaltyTierProgress
from .transaction_filter import LoyaltyTransactionFilterInput, selector_arguments

MAX_TIER_HISTORY = 50
# Newest first; the time and id of the last row seen make a cursor that new rows never move.
TRANSACTION_ORDER = (SortKey("created_at", descending=True, kind="datetime"),
                     SortKey("pk", descending=True))


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


class LoyaltyAccount(LoyaltyAccountBonusFields, graphene.ObjectType):
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
        LoyaltyTransactionCountableConnection, required=True,
        filter=LoyaltyTransactionFilterInput(description="Kinds, statuses and dates to show."),
        description="Newest first. Cursors name a row, so pages stay put while rows arrive.",
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
    mail_opt_out = graphene.String(description=(
        "null: gets the loyalty e-mails; 'marketing': opted out of offers and follow-ups; "
        "'all': of every loyalty e-mail."))
    tier_history = graphene.List(
        graphene.NonNull(LoyaltyTierChange),
        required=True,
        first=graphene.Int(default_value=10, description="At most %d." % MAX_TIER_HISTORY),
        description="Tier changes, newest first.",
    )

    def resolve_channel(root, info):
        return root.channel or None

    def resolve_mail_opt_out(root, info):
        return opted_out_scope(root.email)

    def resolve_points_balance(root, info):
        return root.points_available

    def resolve_pending_points(root, info):
        return root.points_pending

    def resolve_lifetime_points(root, info):
        return root.points_lifetime

    def resolve_transactions(root, info, filter=None, **args):
        return keyset_connection(
            transactions_for(root, **selector_arguments(filter)), args,
            LoyaltyTransactionCountableConnection, tag="LoyaltyTransaction",
            keys=TRANSACTION_ORDER,
        )

    def resolve_tier(root, info):
        return _program(info, root).then(lambda program: in_currency(
            core_tiers.tier_by_slug(_ladder(program), root.tier_slug), _currency(program)))

    def resolve_next_tier(root, info):
        return _program(info, root).then(lambda program: in_currency(
            core_tiers.next_tier(_ladder(program), root.tier_slug), _currency(program)))

    def resolve_progress_to_next_tier(root, info):
        def measured(program):
            upcoming = core_tiers.next_tier(_ladder(program), root.tier_slug)
            if upcoming is None:
                return None
            metrics = (TierMetricsLoader.of(info.context).load((root.pk, upcoming.window))
                       if root.pk else Promise.resolve(core_tiers.TierMetrics()))
            return metrics.then(lambda found: in_currency(
                core_tiers.progress_to(upcoming, found), _currency(program)))

        return _program(info, root).then(measured)

    def resolve_available_rewards(root, info):
        def listed(found):
            program, codes, free_units, offers = found
            if program is None:
                return []
            currency = program.currency
            automatic = [
                LoyaltyAvailableReward(
                    code=reward.code, kind=reward.kind, value=float(reward.percent),
                    min_spent=float(reward.min_spent), expires_at=reward.expires_at,
                    label=reward.label, min_spent_money=money(reward.min_spent, currency),
                )
                for reward in automatic_rewards(entitled_specs(root, program.settings),
                                                issued=codes, store=program.store_discount)
            ]
            free = [
                LoyaltyAvailableReward(code=reward.voucher_code, kind=PUNCH_CARD, value=100.0,
                                       min_spent=0.0, expires_at=reward.valid_until,
                                       label=reward.label,
                                       min_spent_money=money(0, currency))
                for reward in free_units
            ]
            personal = [
                LoyaltyAvailableReward(code=reward.voucher_code, kind=NEXT_PURCHASE,
                                       value=float(reward.percent), min_spent=0.0,
                                       expires_at=reward.valid_until, label=reward.label,
                                       min_spent_money=money(0, currency))
                for reward in offers
            ]
            return automatic + free + personal

        return Promise.all([_program(info, root), _per_account(info, RewardCodesLoader, root, {}),
                            _per_account(info, FreeUnitRewardsLoader, root, []),
                            _per_account(info, OfferRewardsLoader, root, [])]).then(listed)

    def resolve_punch_cards(root, info):
        def listed(found):
            program, free_units, punched = found
            if program is None:
                return []
            return [
                LoyaltyPunchCard(
                    name=card.name, slug=card.slug, goal=card.goal,
                    progress=progress_of(card, punched.get(card.slug, 0)).progress,
                    free_unit_codes=[r.voucher_code for r in free_units
                                     if r.kind.startswith(card_kind_prefix(card))],
                )
                for card in program.settings.punch_cards
            ]

        return Promise.all([_program(info, root),
                            _per_account(info, FreeUnitRewardsLoader, root, []),
                            _per_account(info, PunchedUnitsLoader, root, {})]).then(listed)

    def resolve_orders(root, info, first):
        return order_points_for(root, max(0, first))

    def resolve_tier_history(root, info, first):
        first = max(0, min(first, MAX_TIER_HISTORY))
        return list(tier_history_for(root)[:first])


def _program(info, account) -> Promise:
    """The account's channel program (ChannelProgram or None), loaded once per request."""
    return program_of(info, account.channel)


def _per_account(info, loader, account, empty) -> Promise:
    """A per-account loader's answer; an account not saved yet has nothing to load."""
    if account.pk is None:
        return Promise.resolve(empty)
    return loader.of(info.context).load(account.pk)


def _ladder(program):
    return program.settings.tiers if program else ()


def _currency(program):
    return program.currency if program else None


class LoyaltyProgram(LoyaltyProgramStorefrontFields, LoyaltyProgramJourneyFields,
                     LoyaltyProgramBonusFields,
                     graphene.ObjectType):
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
    def from_settings(*, channel, is_active, settings, currency=None):
        program = LoyaltyProgram(
            channel=channel or None,
            is_active=is_active,
            points_per_currency_unit=float(settings.points_per_currency_unit),
            award_trigger=settings.award_trigger,
            pending_days=settings.pending_days,
            rounding=settings.rounding,
            includes_shipping=settings.include_shipping,
            tiers=[in_currency(tier, currency) for tier in settings.tiers],
            currency=currency,
        )
        program.rules = settings  # what the feature mixins read
        return program
