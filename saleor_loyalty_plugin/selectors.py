"""Reads for GraphQL and reports; they never write."""
from typing import Optional, Tuple

from . import compat
from .core.errors import LoyaltyError
from .core.program import ProgramSettings, parse_program_settings
from .models import LoyaltyAccount, LoyaltyTierChange, LoyaltyTransaction


def account_for_user(user, channel: str) -> LoyaltyAccount:
    """The customer's account, or an unsaved empty one (zero balances).

    A signed-in customer who has not earned yet sees zeros rather than null,
    which is what a storefront's "your points" panel wants to render.
    """
    account = LoyaltyAccount.objects.filter(user=user, channel=channel).first()
    return account or LoyaltyAccount(user=user, email=user.email, channel=channel)


def account_for_email(email: str, channel: str) -> Optional[LoyaltyAccount]:
    user = compat.get_user_by_email(email)
    if user is None:
        return None
    return account_for_user(user, channel)


def transactions_for(account: LoyaltyAccount):
    if account.pk is None:
        return LoyaltyTransaction.objects.none()
    return LoyaltyTransaction.objects.filter(account_id=account.pk).order_by("-created_at", "-pk")


def tier_history_for(account: LoyaltyAccount):
    if account.pk is None:
        return LoyaltyTierChange.objects.none()
    return LoyaltyTierChange.objects.filter(account_id=account.pk).order_by("-created_at", "-pk")


def active_reward_codes(account: LoyaltyAccount):
    """kind -> the member's voucher code, for rewards already issued."""
    if account.pk is None:
        return {}
    return dict(
        account.rewards.filter(is_active=True).values_list("kind", "voucher_code")
    )


def program_for(channel: str) -> Optional[Tuple[bool, ProgramSettings]]:
    """(is active, settings) for the channel; None if the saved values are unusable."""
    active, values = compat.load_plugin_configuration(channel)
    try:
        return active, parse_program_settings(values)
    except LoyaltyError:
        return None
