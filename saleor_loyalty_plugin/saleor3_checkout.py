"""Saleor 3 checkouts: the member's best reward, applied from the checkout hooks.

Saleor 3 runs ``checkout_created`` / ``checkout_updated`` after the
storefront's mutation commits; the plugin then applies the same rule as on
2.10 (see ``core/rewards.py``): the reward saving the most goes on, a better
code the shopper typed stays, and another member's code comes off.
"""
import logging
from . import compat, rewards

logger = logging.getLogger(__name__)


def apply_best_reward(checkout, settings) -> None:
    from saleor.checkout import base_calculations
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.checkout.utils import add_voucher_to_checkout, remove_voucher_from_checkout
    from saleor.discount.models import NotApplicable, VoucherCode
    from saleor.plugins.manager import get_plugins_manager

    checkout.refresh_from_db()
    changed = False
    if rewards.foreign_reward(checkout) is not None:
        remove_voucher_from_checkout(checkout)
        changed = True
    active = None
    if checkout.user_id:
        active = rewards.member_rewards_for_checkout(
            user=checkout.user, channel=checkout.channel.slug, settings=settings,
            voucher_code=checkout.voucher_code,
        )
    if active is None:
        if changed:
            compat.checkout_prices_changed(checkout)
        return
    manager = get_plugins_manager(allow_replica=False)
    lines, _ = fetch_checkout_lines(checkout)
    checkout_info = fetch_checkout_info(checkout, lines, manager)
    subtotal = base_calculations.base_checkout_subtotal(
        lines, checkout_info.channel, checkout.currency, include_voucher=False).amount
    shipping = base_calculations.base_checkout_undiscounted_delivery_price(checkout_info, lines).amount
    remove, chosen = rewards.decide_checkout_reward(
        active, voucher_code=checkout.voucher_code, current_saving=checkout.discount_amount,
        subtotal=subtotal, shipping=shipping,
    )
    if remove:
        remove_voucher_from_checkout(checkout)
        changed = True
    if chosen is not None:
        code = VoucherCode.objects.select_related("voucher").get(code=chosen.voucher_code)
        try:
            add_voucher_to_checkout(manager, checkout_info, lines, code.voucher, code)
            changed = True
        except NotApplicable:
            logger.info("Loyalty reward %s not applicable to checkout %s", code.code, checkout.pk)
    if changed:
        compat.checkout_prices_changed(checkout)
