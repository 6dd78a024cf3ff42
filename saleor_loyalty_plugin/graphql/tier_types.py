"""GraphQL types for VIP tiers: the ladder, its perks, progress and history."""
import graphene

from ..core import tiers as core
from .money_types import LoyaltyMoney, currency_of, money


def _money_if_spent(root, amount, **rounding):
    """Money for a money_spent ladder's amount; null for points or orders."""
    if root.basis != core.BASIS_MONEY_SPENT:
        return None
    return money(amount, currency_of(root), **rounding)


LoyaltyTierBasis = graphene.Enum(
    "LoyaltyTierBasis", [(basis.upper(), basis) for basis in core.BASES]
)
LoyaltyTierWindow = graphene.Enum(
    "LoyaltyTierWindow", [(window.upper(), window) for window in core.WINDOWS]
)


class LoyaltyTierPerks(graphene.ObjectType):
    discount_percent = graphene.Float(
        required=True, description="Percent off an order (0 = none)."
    )
    discount_min_order = graphene.Float(
        required=True, description="Order subtotal the discount needs."
    )
    free_shipping = graphene.Boolean(required=True)
    free_shipping_min_order = graphene.Float(required=True)
    discount_min_order_money = graphene.Field(
        LoyaltyMoney, description="discountMinOrder with its currency.")
    free_shipping_min_order_money = graphene.Field(
        LoyaltyMoney, description="freeShippingMinOrder with its currency.")

    def resolve_discount_percent(root, info):
        return float(root.discount_percent)

    def resolve_discount_min_order(root, info):
        return float(root.discount_min_order)

    def resolve_free_shipping_min_order(root, info):
        return float(root.free_shipping_min_order)

    def resolve_discount_min_order_money(root, info):
        return money(root.discount_min_order, currency_of(root))

    def resolve_free_shipping_min_order_money(root, info):
        return money(root.free_shipping_min_order, currency_of(root))


class LoyaltyTier(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    basis = LoyaltyTierBasis(required=True, description="What the threshold measures.")
    threshold = graphene.Float(required=True)
    window = LoyaltyTierWindow(required=True, description="The period that counts.")
    earn_multiplier = graphene.Float(required=True, description="Points multiplier in this tier.")
    grace_days = graphene.Int(required=True, description="Days kept after no longer qualifying.")
    perks = graphene.Field(LoyaltyTierPerks, required=True)
    threshold_money = graphene.Field(
        LoyaltyMoney, description="The threshold as money; null unless the basis is MONEY_SPENT.")

    def resolve_threshold(root, info):
        return float(root.threshold)

    def resolve_threshold_money(root, info):
        return _money_if_spent(root, root.threshold)

    def resolve_earn_multiplier(root, info):
        return float(root.earn_multiplier)

    def resolve_perks(root, info):
        return root


class LoyaltyTierProgress(graphene.ObjectType):
    current = graphene.Float(required=True, description="Where the customer stands now.")
    required = graphene.Float(required=True, description="The next tier's threshold.")
    remaining = graphene.Float(required=True, description="What is still missing.")
    percent = graphene.Int(required=True, description="0-100.")
    basis = LoyaltyTierBasis(required=True, description="What the amounts measure.")
    current_money = graphene.Field(LoyaltyMoney, description="Null unless MONEY_SPENT.")
    required_money = graphene.Field(LoyaltyMoney, description="Null unless MONEY_SPENT.")
    remaining_money = graphene.Field(
        LoyaltyMoney,
        description="What is still to spend, rounded up (\"spend $X more\"); null unless "
                    "MONEY_SPENT.",
    )

    def resolve_current(root, info):
        return float(root.current)

    def resolve_required(root, info):
        return float(root.required)

    def resolve_remaining(root, info):
        return float(root.remaining)

    def resolve_current_money(root, info):
        return _money_if_spent(root, root.current)

    def resolve_required_money(root, info):
        return _money_if_spent(root, root.required)

    def resolve_remaining_money(root, info):
        return _money_if_spent(root, root.remaining, round_up=True)


class LoyaltyTierChange(graphene.ObjectType):
    from_tier = graphene.String(description="Slug of the previous tier; null for none.")
    to_tier = graphene.String(description="Slug of the new tier; null for none.")
    reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    def resolve_from_tier(root, info):
        return root.from_slug or None

    def resolve_to_tier(root, info):
        return root.to_slug or None
