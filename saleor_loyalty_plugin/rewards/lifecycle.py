"""When a reward's entitlement ends, its code stops working; when a code is used, it re-arms.

- The program is switched off in a channel, or its ladder or perks change:
  on saving the configuration (and nightly, in case a save was missed) the
  channel's codes that no longer match what members are entitled to are
  retired in Saleor at once, set-based; switched off, every code of the
  channel is suspended (an earned free unit comes back when the program
  does) and the store discount ends.
- A member is demoted: the order sync and staff assignment retire their
  perks right after the tier changes.
- A member's code paid for an order: the member's own order re-arms it for
  one more use; anyone else's order (an app's ``orderCreateFromCheckout``,
  which gives plugins no say) rotates the member onto a fresh code and the
  used one is retired, so a leaked code is worth one order at most.
"""
import logging
from datetime import datetime
from typing import Dict, Optional, Tuple

from django.db import transaction
from django.utils import timezone

from ..core import rewards as core
from ..hosts import host
from ..ledger.models import LoyaltyAccount
from .codes import new_voucher_code
from .models import LoyaltyReward
from .selectors import reward_for_code
from .services import account_sync_rewards, retire_rewards
from .store_discount import channel_sync_store_discount

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
FREE_UNIT_PREFIX = "punch_card:"


def channel_program_changed(*, channel: str, settings, now: Optional[datetime] = None) -> None:
    """Bring the channel's discount objects in line with its (new) program; None = off."""
    now = now or timezone.now()
    with transaction.atomic():
        channel_sync_store_discount(channel=channel, settings=settings)
    if settings is None:
        _suspend_channel(channel)
        return
    _resume_free_units(channel, now)
    retire_unentitled_rewards(channel=channel, settings=settings)


def _chunks(rewards):
    after = 0
    while True:
        chunk = list(rewards.filter(pk__gt=after).order_by("pk")[:CHUNK_SIZE])
        if not chunk:
            return
        after = chunk[-1].pk
        yield chunk


def _suspend_channel(channel: str) -> None:
    rewards = LoyaltyReward.objects.filter(account__channel=channel, is_active=True)
    for chunk in _chunks(rewards.only("pk", "voucher_code")):
        LoyaltyReward.objects.filter(pk__in=[r.pk for r in chunk]).update(
            is_active=False, suspended=True, updated_at=timezone.now())
        host.retire_vouchers([reward.voucher_code for reward in chunk])


def _resume_free_units(channel: str, now: datetime) -> None:
    """Free units suspended with the program, still unused and in date, work again."""
    suspended = LoyaltyReward.objects.filter(
        account__channel=channel, suspended=True, kind__startswith=FREE_UNIT_PREFIX,
        valid_until__gt=now)
    for chunk in _chunks(suspended.only("pk", "voucher_code", "valid_until")):
        unused = host.unused_codes([reward.voucher_code for reward in chunk], active_only=False)
        back = [reward for reward in chunk if reward.voucher_code in unused]
        LoyaltyReward.objects.filter(pk__in=[r.pk for r in back]).update(
            is_active=True, suspended=False, updated_at=timezone.now())
        host.reactivate_vouchers({reward.voucher_code: reward.valid_until for reward in back})


def _wanted(settings) -> Dict[Tuple[str, str], Tuple]:
    """(tier slug, kind) -> (percent, min spent) members of that tier are entitled to."""
    wanted = {}
    for tier in settings.tiers:
        for spec in core.entitled_rewards(tier=tier,
                                          max_discount_percent=settings.max_discount_percent):
            wanted[(tier.slug, spec.kind)] = (spec.percent, spec.min_spent, spec.label)
    return wanted


def retire_unentitled_rewards(*, channel: str, settings) -> int:
    """Retire the channel's member codes that no longer match their holder's tier."""
    wanted = _wanted(settings)
    rewards = (LoyaltyReward.objects.filter(account__channel=channel, is_active=True,
                                            kind__in=core.MEMBER_KINDS)
               .select_related("account").only("pk", "voucher_code", "kind", "percent",
                                                "min_spent", "label", "account__tier_slug"))
    retired = 0
    for chunk in _chunks(rewards):
        stale = [r for r in chunk if wanted.get((r.account.tier_slug, r.kind))
                 != (r.percent, r.min_spent, r.label)]
        retire_rewards(stale)
        retired += len(stale)
    return retired


def account_tier_changed(*, account_id: int, settings) -> None:
    """A member's tier moved: their perks follow at once, not at their next checkout."""
    account = LoyaltyAccount.objects.get(pk=account_id)
    if settings is None:
        return
    account_sync_rewards(account=account, settings=settings)


def order_sync_reward_use(*, order, snapshot, settings) -> bool:
    """Re-arm the member's code their order used, or rotate a code someone else used."""
    code = host.order_voucher_code(order)
    reward = reward_for_code(code)
    if reward is None or not reward.is_active or reward.kind not in core.MEMBER_KINDS:
        return False
    if reward.account.user_id is not None and reward.account.user_id == snapshot.customer_user_id:
        host.arm_voucher(code)
        return False
    logger.warning("Loyalty: %s's code %s paid for order #%s of someone else; rotated",
                   reward.account.email, code, snapshot.order_number)
    _rotate(reward, settings)
    return False


@transaction.atomic
def _rotate(reward: LoyaltyReward, settings) -> None:
    reward = LoyaltyReward.objects.select_for_update().select_related("account").get(pk=reward.pk)
    old_code = reward.voucher_code
    reward.voucher_code, reward.is_active = new_voucher_code(), False
    reward.save(update_fields=["voucher_code", "is_active", "updated_at"])
    host.retire_vouchers([old_code])
    if settings is not None:
        account_sync_rewards(account=reward.account, settings=settings)
