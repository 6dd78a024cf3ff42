"""Member rewards: keep each member's Saleor vouchers in line with what they earned,
and put the best discount on their checkout.

Entitlement (core.rewards) comes from the member's tier; this module issues,
renews and retires the member's own vouchers accordingly.  The store-wide
threshold discount is one object per channel (``store_discount.py``) and
competes with the member's perks for the checkout's one voucher slot.
"""
import logging
from datetime import datetime
from decimal import Decimal
from typing import Dict, List, Optional, Tuple

from django.db import transaction
from django.utils import timezone

from ..core import rewards as core
from ..core.program import ProgramSettings
from ..core.tiers import tier_by_slug
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from .codes import new_voucher_code
from .models import LoyaltyReward
from .selectors import foreign_reward, reward_for_code, spec_of
from .store_discount import StoreDiscount, active_store_discount, store_spec

logger = logging.getLogger(__name__)


def entitled_specs(account: LoyaltyAccount, settings: ProgramSettings):
    return core.entitled_rewards(
        tier=tier_by_slug(settings.tiers, account.tier_slug),
        max_discount_percent=settings.max_discount_percent,
    )


def _is_current(rewards, specs, now) -> bool:
    active = [r for r in rewards if r.is_active]
    if any(core.needs_renewal(r.valid_until, now) for r in active):
        return False
    return ({(r.kind, r.percent, r.min_spent, r.label) for r in active}
            == {(s.kind, s.percent, s.min_spent, s.label) for s in specs})


def account_sync_rewards(*, account: LoyaltyAccount, settings: ProgramSettings,
                         now: Optional[datetime] = None) -> List[LoyaltyReward]:
    """Issue, renew or retire the member's vouchers; returns the active rewards.

    Reads first and locks only when something has to change, so applying
    rewards at every checkout step stays cheap.
    """
    if account.pk is None:
        return []
    now = now or timezone.now()
    current = list(account.rewards.filter(kind__in=core.MEMBER_KINDS))
    if _is_current(current, entitled_specs(account, settings), now):
        return [reward for reward in current if reward.is_active]
    return _write_rewards(account=account, settings=settings, now=now)


@transaction.atomic
def _write_rewards(*, account: LoyaltyAccount, settings: ProgramSettings, now
                   ) -> List[LoyaltyReward]:
    account = LoyaltyAccount.objects.select_for_update().get(pk=account.pk)
    existing = {r.kind: r for r in account.rewards.filter(kind__in=core.MEMBER_KINDS)}
    currency = host.channel_currency(account.channel)
    active = []
    for spec in entitled_specs(account, settings):
        reward = existing.pop(spec.kind, None) or LoyaltyReward(
            account=account, kind=spec.kind, voucher_code=new_voucher_code()
        )
        wanted = (spec.percent, spec.min_spent, spec.label, True)
        current = (reward.percent, reward.min_spent, reward.label, reward.is_active)
        if reward.pk is None or wanted != current or core.needs_renewal(reward.valid_until, now):
            reward.percent, reward.min_spent, reward.label, reward.is_active = wanted
            reward.valid_until, reward.suspended = now + core.CODE_VALIDITY, False
            reward.save()
            host.upsert_voucher(code=reward.voucher_code, spec=spec, currency=currency,
                                channel=account.channel, owner_email=account.email,
                                valid_until=reward.valid_until)
        active.append(reward)
    retire_rewards([reward for reward in existing.values() if reward.is_active])
    return active


def retire_rewards(rewards) -> None:
    """The entitlement ended: the codes stop working in Saleor now."""
    rewards = list(rewards)
    if not rewards:
        return
    LoyaltyReward.objects.filter(pk__in=[r.pk for r in rewards]).update(
        is_active=False, updated_at=timezone.now())
    host.retire_vouchers([reward.voucher_code for reward in rewards])


def member_rewards_for_checkout(
    *, checkout, channel: str, settings: ProgramSettings
) -> Optional[Dict[str, LoyaltyReward]]:
    """The checkout customer's active rewards by voucher code, issued or updated as needed.

    None when the customer has no perks and no code of ours is on the
    checkout: one account lookup, no writes.
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
    subtotal: Decimal, shipping: Decimal, store: Optional[StoreDiscount] = None,
) -> Tuple[bool, Optional[object]]:
    """(take the code off the checkout?, what to put on it): the one-voucher rule.

    The candidates are the member's perks and the store-wide discount; what
    to put on is a member's reward, the store discount, or None.
    """
    by_spec = {spec_of(reward): reward for reward in active.values()}
    if store is not None:
        by_spec[store_spec(store)] = store
    best = core.best_reward(list(by_spec), subtotal=subtotal, shipping=shipping)
    current = active.get(voucher_code) if voucher_code else None
    store_is_on = store is not None and (voucher_code or None) == (store.voucher_code or None)
    if best is None:
        return current is not None, None
    chosen = by_spec[best]
    if (current is not None and current is chosen) or (chosen is store and store_is_on):
        return False, None
    replace = core.should_replace(
        current_saving=current_saving if voucher_code else Decimal("0"),
        current_is_ours=current is not None or store_is_on,
        best_saving=core.saving(best, subtotal=subtotal, shipping=shipping),
    )
    return False, (chosen if replace else None)


def checkout_apply_best_reward(*, checkout, settings: ProgramSettings) -> None:
    """Put the best discount on the checkout; take off a member code that isn't theirs.

    ``checkout`` is the host's checkout adapter.  Cheap for customers with
    nothing to gain: one account lookup, no price calculation, no writes.
    """
    saleor_checkout = checkout.checkout
    changed = False
    if foreign_reward(saleor_checkout) is not None:
        checkout.remove_voucher()
        changed = True
    active = {}
    if saleor_checkout.user_id:
        active = member_rewards_for_checkout(
            checkout=saleor_checkout, channel=checkout.channel, settings=settings) or {}
    store = active_store_discount(checkout.channel)
    if active or (store is not None and store.needs_applying(saleor_checkout.voucher_code)):
        changed = _apply_best(checkout, active, store) or changed
    if changed:
        checkout.prices_changed()


def _apply_best(checkout, active, store) -> bool:
    saleor_checkout = checkout.checkout
    subtotal, shipping, current_saving = checkout.prices()
    remove, chosen = decide_checkout_reward(
        active, voucher_code=saleor_checkout.voucher_code, current_saving=current_saving,
        subtotal=subtotal, shipping=shipping, store=store,
    )
    changed = False
    if remove:
        checkout.remove_voucher()
        changed = True
    if chosen is store and store is not None:
        return checkout.use_store_discount(store.voucher_code) or changed
    if chosen is not None:
        applied = checkout.apply_voucher(chosen.voucher_code)
        if not applied:
            logger.info("Loyalty reward %s not applicable to checkout %s",
                        chosen.voucher_code, saleor_checkout.pk)
        changed = applied or changed
    return changed
