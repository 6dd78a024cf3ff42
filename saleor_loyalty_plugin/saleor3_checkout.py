"""Saleor 3 checkouts: the member's best reward, applied from the checkout hooks.

Saleor 3 runs ``checkout_created`` / ``checkout_updated`` after the
storefront's mutation commits; the plugin then applies the same rule as on
2.10 (see ``core/rewards.py``): the reward saving the most goes on, a better
code the shopper typed stays, and another member's code comes off.
"""
import logging
from decimal import Decimal

from . import ledger, rewards
from .core import rewards as core
from .models import LoyaltyAccount

logger = logging.getLogger(__name__)


def apply_best_reward(checkout, settings) -> None:
    from saleor.checkout import base_calculations
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.checkout.utils import (
        add_voucher_to_checkout,
        invalidate_checkout,
        remove_voucher_from_checkout,
    )
    from saleor.discount.models import NotApplicable, VoucherCode
    from saleor.plugins.manager import get_plugins_manager

    checkout.refresh_from_db()
    changed = False
    if rewards.foreign_reward(checkout) is not None:
        remove_voucher_from_checkout(checkout)
        changed = True
    channel = checkout.channel.slug
    account = None
    if checkout.user_id:
        account = LoyaltyAccount.objects.filter(user_id=checkout.user_id, channel=channel).first()
        if account is None:
            account = LoyaltyAccount(user=checkout.user, email=checkout.user.email, channel=channel)
    holds_our_code = rewards.reward_for_code(checkout.voucher_code) is not None
    if account is None or (not rewards.entitled_specs(account, settings) and not holds_our_code):
        if changed:
            _invalidate(checkout)
        return
    if account.pk is None:
        account = ledger.get_or_create_account(user=checkout.user, channel=channel)
    active = {r.voucher_code: r for r in rewards.account_sync_rewards(account=account, settings=settings)}
    manager = get_plugins_manager(allow_replica=False)
    lines, _ = fetch_checkout_lines(checkout)
    checkout_info = fetch_checkout_info(checkout, lines, manager)
    subtotal = base_calculations.base_checkout_subtotal(
        lines, checkout_info.channel, checkout.currency, include_voucher=False).amount
    shipping = base_calculations.base_checkout_undiscounted_delivery_price(checkout_info, lines).amount
    by_spec = {rewards.spec_of(r): r for r in active.values()}
    best = core.best_reward(list(by_spec), subtotal=subtotal, shipping=shipping)
    current = active.get(checkout.voucher_code)
    if best is None:
        if current is not None:
            remove_voucher_from_checkout(checkout)
            changed = True
    else:
        chosen = by_spec[best]
        current_saving = checkout.discount_amount if checkout.voucher_code else Decimal("0")
        if (current is None or current.pk != chosen.pk) and core.should_replace(
            current_saving=current_saving, current_is_ours=current is not None,
            best_saving=core.saving(best, subtotal=subtotal, shipping=shipping),
        ):
            code = VoucherCode.objects.select_related("voucher").get(code=chosen.voucher_code)
            try:
                add_voucher_to_checkout(manager, checkout_info, lines, code.voucher, code)
                changed = True
            except NotApplicable:
                logger.info("Loyalty reward %s not applicable to checkout %s", code.code, checkout.pk)
    if changed:
        lines, _ = fetch_checkout_lines(checkout)
        invalidate_checkout(fetch_checkout_info(checkout, lines, manager), lines, manager, save=True)


def _invalidate(checkout):
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.checkout.utils import invalidate_checkout
    from saleor.plugins.manager import get_plugins_manager

    manager = get_plugins_manager(allow_replica=False)
    lines, _ = fetch_checkout_lines(checkout)
    invalidate_checkout(fetch_checkout_info(checkout, lines, manager), lines, manager, save=True)
