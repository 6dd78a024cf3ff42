"""Member rewards: keep each member's Saleor vouchers in line with what they earned.

Entitlement (core.rewards) comes from the program's threshold discount and
the member's tier; this module issues, updates and retires the member's own
vouchers accordingly, and answers "whose code is this?".
"""
import logging
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from django.db import transaction

from ..core import rewards as core
from ..core.program import ProgramSettings
from ..core.tiers import tier_by_slug
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from .codes import new_voucher_code
from .models import LoyaltyReward
from .selectors import foreign_reward, reward_for_code, spec_of

logger = logging.getLogger(__name__)


def entitled_specs(account: LoyaltyAccount, settings: ProgramSettings):
    return core.entitled_rewards(
        tier=tier_by_slug(settings.tiers, account.tier_slug),
        threshold_percent=settings.threshold_discount_percent,
        threshold_min_order=settings.threshold_discount_min_order,
        max_discount_percent=settings.max_discount_percent,
    )


def _is_current(rewards, specs) -> bool:
    active = {(r.kind, r.percent, r.min_spent, r.label) for r in rewards if r.is_active}
    return active == {(s.kind, s.percent, s.min_spent, s.label) for s in specs}


def account_sync_rewards(*, account: LoyaltyAccount, settings: ProgramSettings) -> List[LoyaltyReward]:
    """Issue, update or retire the member's vouchers; returns the active rewards.

    Reads first and locks only when something has to change, so applying
    rewards at every checkout step stays cheap.
    """
    if account.pk is None:
        return []
    current = list(account.rewards.filter(kind__in=core.KINDS))
    if _is_current(current, entitled_specs(account, settings)):
        return [reward for reward in current if reward.is_active]
    return _write_rewards(account=account, settings=settings)


@transaction.atomic
def _write_rewards(*, account: LoyaltyAccount, settings: ProgramSettings) -> List[LoyaltyReward]:
    account = LoyaltyAccount.objects.select_for_update().get(pk=account.pk)
    existing = {reward.kind: reward for reward in account.rewards.filter(kind__in=core.KINDS)}
    currency = host.channel_currency(account.channel)
    active = []
    for spec in entitled_specs(account, settings):
        reward = existing.pop(spec.kind, None) or LoyaltyReward(
            account=account, kind=spec.kind, voucher_code=new_voucher_code()
        )
        wanted = (spec.percent, spec.min_spent, spec.label, True)
        current = (reward.percent, reward.min_spent, reward.label, reward.is_active)
        if reward.pk is None or wanted != current:
            reward.percent, reward.min_spent, reward.label, reward.is_active = wanted
            reward.save()
            host.upsert_voucher(code=reward.voucher_code, spec=spec, currency=currency,
                                channel=account.channel, owner_email=account.email)
        active.append(reward)
    for reward in existing.values():
        if reward.is_active:
            reward.is_active = False
            reward.save(update_fields=["is_active", "updated_at"])
            host.retire_voucher(reward.voucher_code)
    return active


def member_rewards_for_checkout(
    *, checkout, channel: str, settings: ProgramSettings
) -> Optional[Dict[str, LoyaltyReward]]:
    """The checkout customer's active rewards by voucher code, issued or updated as needed.

    None when the customer has nothing to gain and no code of ours is on the
    checkout: one account lookup, no price calculation, no writes.
    """
    account = LoyaltyAccount.objects.filter(user_id=checkout.user_id, channel=channel).first()
    if account is None:
        account = LoyaltyAccount(user_id=checkout.user_id, channel=channel)
    if not entitled_specs(account, settings) and reward_for_code(checkout.voucher_code) is None:
        return None
    if account.pk is None:
        account = ledger.get_or_create_account(user=checkout.user, channel=channel)
    return {r.voucher_code: r for r in account_sync_rewards(account=account, settings=settings)}


def decide_checkout_reward(
    active: Dict[str, LoyaltyReward], *, voucher_code: Optional[str], current_saving: Decimal,
    subtotal: Decimal, shipping: Decimal,
) -> Tuple[bool, Optional[LoyaltyReward]]:
    """(take our code off the checkout?, reward to put on it or None): the one-voucher rule."""
    by_spec = {spec_of(reward): reward for reward in active.values()}
    best = core.best_reward(list(by_spec), subtotal=subtotal, shipping=shipping)
    current = active.get(voucher_code) if voucher_code else None
    if best is None:
        return current is not None, None
    chosen = by_spec[best]
    if current is not None and current.pk == chosen.pk:
        return False, None
    replace = core.should_replace(
        current_saving=current_saving if voucher_code else Decimal("0"),
        current_is_ours=current is not None,
        best_saving=core.saving(best, subtotal=subtotal, shipping=shipping),
    )
    return False, (chosen if replace else None)


def checkout_apply_best_reward(*, checkout, settings: ProgramSettings) -> None:
    """Put the member's best reward on the checkout; take off a code that isn't theirs.

    ``checkout`` is the host's checkout adapter.  Cheap for customers with
    nothing to gain: one account lookup, no price calculation, no writes.
    """
    saleor_checkout = checkout.checkout
    changed = False
    if foreign_reward(saleor_checkout) is not None:
        checkout.remove_voucher()
        changed = True
    active = None
    if saleor_checkout.user_id:
        active = member_rewards_for_checkout(
            checkout=saleor_checkout, channel=checkout.channel, settings=settings)
    if active is not None:
        subtotal, shipping, current_saving = checkout.prices()
        remove, chosen = decide_checkout_reward(
            active, voucher_code=saleor_checkout.voucher_code, current_saving=current_saving,
            subtotal=subtotal, shipping=shipping,
        )
        if remove:
            checkout.remove_voucher()
            changed = True
        if chosen is not None:
            applied = checkout.apply_voucher(chosen.voucher_code)
            if not applied:
                logger.info("Loyalty reward %s not applicable to checkout %s",
                            chosen.voucher_code, saleor_checkout.pk)
            changed = applied or changed
    if changed:
        checkout.prices_changed()
