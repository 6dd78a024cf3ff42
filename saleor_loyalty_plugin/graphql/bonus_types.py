"""GraphQL fields for expiry and bonuses, as mixins of ``LoyaltyAccount`` and ``LoyaltyProgram``.

An account shows its next expiring points, its referral code and link and
the birth date it set; the program publishes the expiry rule and the bonus
amounts, so a storefront can say "points expire after 12 months" and
"invite a friend: you both get 500 points" from one query.
"""
import graphene

from ..bonuses.models import LoyaltyProfile
from ..bonuses.services import profile_for
from ..core import expiry as core_expiry
from ..hosts import host
from .dataloaders import ExpiringPointsLoader, program_of

LoyaltyExpiryMode = graphene.Enum(
    "LoyaltyExpiryMode", [(mode.upper(), mode) for mode in core_expiry.MODES])


class LoyaltyExpiringPoints(graphene.ObjectType):
    points = graphene.Int(required=True, description="Points that lapse next, unless spent.")
    expires_at = graphene.DateTime(required=True, description="When they lapse.")


class LoyaltyPointsExpiry(graphene.ObjectType):
    mode = LoyaltyExpiryMode(required=True, description=(
        "NONE: points never expire; AFTER_AVAILABLE: each order's points lapse `months` after "
        "they became spendable, oldest first; AFTER_INACTIVITY: the whole balance lapses after "
        "`months` without an order."))
    months = graphene.Int(required=True)


class LoyaltyBonusRules(graphene.ObjectType):
    signup_points = graphene.Int(required=True, description="For a new, confirmed account.")
    birthday_points = graphene.Int(required=True, description="Once a year, on the birthday.")
    referral_welcome_points = graphene.Int(
        required=True, description="For a new customer who registers with a friend's code.")
    referral_reward_points = graphene.Int(required=True, description=(
        "For the referrer, once the friend's first paid order is past the return window."))
    referral_monthly_limit = graphene.Int(required=True,
                                          description="Friends one customer may refer a month.")
    referrals_enabled = graphene.Boolean(required=True)


def _rules_of(info, account, pick):
    return program_of(info, account.channel).then(
        lambda program: pick(program.settings) if program is not None else None)


def _profile(account):
    if account.user_id is None:
        return None
    return LoyaltyProfile.objects.filter(user_id=account.user_id).first()


class LoyaltyAccountBonusFields:
    """``LoyaltyAccount`` fields: expiring points, referral code and link, birth date."""

    expiring_points = graphene.Field(LoyaltyExpiringPoints,
                                     description="Null when none of the points will lapse.")
    referral_code = graphene.String(description="The code friends register with.")
    referral_link = graphene.String(
        description="The shop's registration link with the code; null if the shop set none.")
    birth_date = graphene.Date(description="Set once with loyaltySetBirthDate.")

    def resolve_expiring_points(root, info):
        def shown(expiring):
            if expiring is None:
                return None
            return LoyaltyExpiringPoints(points=expiring[0], expires_at=expiring[1])

        def found(rule):
            if rule is None or not rule.is_on or root.pk is None:
                return None
            return ExpiringPointsLoader.of(info.context).load((root, rule)).then(shown)

        return _rules_of(info, root, lambda settings: settings.expiry).then(found)

    def resolve_referral_code(root, info):
        if root.user_id is None:
            return None
        with host.writer_access():  # the code is made on first read
            return profile_for(root.user).referral_code

    def resolve_referral_link(root, info):
        code = LoyaltyAccountBonusFields.resolve_referral_code(root, info)
        return _rules_of(info, root, lambda settings: settings.bonuses.link_for(code))

    def resolve_birth_date(root, info):
        profile = _profile(root)
        return profile.birth_date if profile is not None else None


class LoyaltyProgramBonusFields:
    """``LoyaltyProgram`` fields: the expiry rule and the bonuses."""

    points_expiry = graphene.Field(LoyaltyPointsExpiry, required=True)
    bonuses = graphene.Field(LoyaltyBonusRules, required=True)

    def resolve_points_expiry(root, info):
        return root.rules.expiry

    def resolve_bonuses(root, info):
        rules = root.rules.bonuses
        return LoyaltyBonusRules(
            signup_points=rules.signup_points, birthday_points=rules.birthday_points,
            referral_welcome_points=rules.referral_welcome_points,
            referral_reward_points=rules.referral_reward_points,
            referral_monthly_limit=rules.referral_monthly_limit,
            referrals_enabled=rules.referrals_on)
