"""GraphQL types a storefront needs beyond the account: the program's rules, a checkout.

``loyaltyProgram`` publishes everything a pitch or a "pay with points"
control must know (redemption rules, the threshold discount, the cap, the
paid membership, the punch cards); ``checkoutLoyalty`` says what one checkout
earns, what points may pay on it, and what is on it already.  The program's
fields come as a mixin of ``LoyaltyProgram`` so other features add theirs
the same way, side by side.
"""
import graphene
from graphql_relay import to_global_id

from ..core import tiers as core_tiers
from ..core.rewards import plain_number
from ..hosts import host
from ..punch_cards.selectors import KIND_PREFIX as PUNCH_CARD_KIND_PREFIX
from .money_types import LoyaltyMoney, in_currency, money
from .redemption_types import LoyaltyRedemption
from .reward_types import PUNCH_CARD, LoyaltyRewardKind
from .tier_types import LoyaltyTier


class LoyaltyRedemptionRules(graphene.ObjectType):
    """How points pay for an order (``loyaltyRedeemPoints`` enforces exactly these)."""

    enabled = graphene.Boolean(required=True, description="False: points cannot pay.")
    points_per_currency_unit = graphene.Float(
        required=True, description="Points that pay one unit of the currency (e.g. 100 = $1).")
    min_points = graphene.Int(required=True, description="The smallest redemption.")
    step = graphene.Int(required=True, description="Redemptions are whole multiples of this.")
    max_order_percent = graphene.Float(
        required=True, description="The largest share of an order's goods points may pay.")

    def resolve_points_per_currency_unit(root, info):
        return float(root.points_per_currency_unit)

    def resolve_min_points(root, info):
        return root.min_points

    def resolve_max_order_percent(root, info):
        return float(root.max_order_percent)


class LoyaltyThresholdDiscount(graphene.ObjectType):
    """A discount every signed-in customer gets on orders over an amount."""

    percent = graphene.Float(required=True, description="After the maximum loyalty discount.")
    min_order = graphene.Field(LoyaltyMoney, required=True,
                               description="The order subtotal it needs.")
    label = graphene.String(required=True, description='e.g. "5% off on orders over 250".')


class LoyaltyMembershipOffer(graphene.ObjectType):
    """The paid VIP membership: buy this product, hold the tier for the months."""

    sku = graphene.String(required=True, description="The product variant's SKU.")
    variant_id = graphene.ID(description="Saleor's ID of the variant; null if not sold here.")
    price = graphene.Field(LoyaltyMoney, description="Its price here; null if not sold here.")
    tier = graphene.Field(LoyaltyTier, description="The tier it grants.")
    months = graphene.Int(required=True, description="How long the tier is held.")


class LoyaltyPunchCardOffer(graphene.ObjectType):
    """A "buy N, get one free" card the shop runs."""

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    goal = graphene.Int(required=True, description="Units to buy for one free unit.")
    product_sku = graphene.String(description="The product it counts, or null.")
    category = graphene.String(description="The category slug it counts, or null.")

    def resolve_product_sku(root, info):
        return root.product_sku or None

    def resolve_category(root, info):
        return root.category or None


class LoyaltyProgramStorefrontFields:
    """``LoyaltyProgram`` fields for a storefront's pitch and pay-with-points control.

    The program object carries its parsed settings as ``rules`` and the
    channel's currency as ``currency``.
    """

    currency = graphene.String(description="The channel's currency, which every amount uses.")
    redemption = graphene.Field(LoyaltyRedemptionRules, required=True)
    threshold_discount = graphene.Field(LoyaltyThresholdDiscount,
                                        description="Null when the shop offers none.")
    max_discount_percent = graphene.Float(
        required=True, description="Caps every loyalty percentage and, with them, points.")
    membership = graphene.Field(LoyaltyMembershipOffer,
                                description="Null when no paid membership is sold.")
    punch_cards = graphene.List(graphene.NonNull(LoyaltyPunchCardOffer), required=True)

    def resolve_redemption(root, info):
        return root.rules.redemption

    def resolve_threshold_discount(root, info):
        rules = root.rules
        percent = min(rules.threshold_discount_percent, rules.max_discount_percent)
        if percent <= 0:
            return None
        minimum = rules.threshold_discount_min_order
        label = "%s%% off" % plain_number(percent) + (
            " on orders over %s" % plain_number(minimum) if minimum > 0 else "")
        return LoyaltyThresholdDiscount(percent=float(percent), label=label,
                                        min_order=money(minimum, root.currency))

    def resolve_max_discount_percent(root, info):
        return float(root.rules.max_discount_percent)

    def resolve_membership(root, info):
        rules = root.rules
        if not rules.vip_membership_sku:
            return None
        variant = host.variant_for_sku(rules.vip_membership_sku, root.channel or "")
        variant_id, price, currency = variant if variant else (None, None, None)
        return LoyaltyMembershipOffer(
            sku=rules.vip_membership_sku, variant_id=variant_id, price=money(price, currency),
            tier=in_currency(core_tiers.tier_by_slug(rules.tiers, rules.vip_membership_tier),
                             root.currency),
            months=rules.vip_membership_months,
        )

    def resolve_punch_cards(root, info):
        return list(root.rules.punch_cards)


class LoyaltyCheckoutReward(graphene.ObjectType):
    """The member's loyalty voucher on the checkout, applied by the plugin."""

    code = graphene.String(required=True)
    kind = LoyaltyRewardKind(required=True)
    label = graphene.String(required=True)
    discount = graphene.Field(LoyaltyMoney, required=True, description="What it takes off now.")


class LoyaltyCheckout(graphene.ObjectType):
    """One checkout in points, before it becomes an order."""

    checkout_id = graphene.ID(required=True)
    channel = graphene.String(description="The checkout's channel; null where Saleor has none.")
    is_active = graphene.Boolean(required=True,
                                 description="Whether the program runs in the checkout's channel.")
    has_customer = graphene.Boolean(
        required=True, description="False for a guest's checkout: sign in to earn and pay.")
    total_price = graphene.Field(
        LoyaltyMoney, required=True,
        description="What the shopper pays now, after vouchers, gift cards and points.")
    points_to_earn = graphene.Int(
        required=True,
        description="Points the order will earn once paid: money actually paid (not vouchers, "
                    "gift cards or points), shipping as the program says, the tier's "
                    "multiplier. For a guest: what it would earn signed in.")
    points_balance = graphene.Int(description="The customer's points to spend; null for a guest.")
    max_redeemable_points = graphene.Int(
        required=True,
        description="The most points loyaltyRedeemPoints accepts on this checkout now "
                    "(replacing the redemption held on it), 0 when none.")
    max_redeemable_value = graphene.Field(LoyaltyMoney, required=True,
                                          description="What maxRedeemablePoints pay.")
    redemption = graphene.Field(LoyaltyRedemption, description="Points held on it, if any.")
    reward = graphene.Field(LoyaltyCheckoutReward, description="The loyalty voucher on it.")

    @staticmethod
    def of(view):
        reward = None
        if view.reward is not None:
            is_punch_card = view.reward.kind.startswith(PUNCH_CARD_KIND_PREFIX + ":")
            reward = LoyaltyCheckoutReward(
                code=view.reward.voucher_code,
                kind=PUNCH_CARD if is_punch_card else view.reward.kind,
                label=view.reward.label, discount=money(view.reward_discount, view.currency))
        return LoyaltyCheckout(
            checkout_id=to_global_id("Checkout", view.checkout_token),
            channel=view.channel or None, is_active=view.is_active,
            has_customer=view.has_customer, total_price=money(view.to_pay, view.currency),
            points_to_earn=view.points_to_earn, points_balance=view.points_available,
            max_redeemable_points=view.max_redeemable_points,
            max_redeemable_value=money(view.max_redeemable_value, view.currency),
            redemption=view.redemption, reward=reward,
        )
