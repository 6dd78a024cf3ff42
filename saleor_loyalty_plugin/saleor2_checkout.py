"""Saleor 2.10 checkouts: put the member's best reward on the checkout, keep codes personal.

Saleor 2.10 has no checkout event hooks, so the merged ``/graphql/`` schema
wraps the storefront's checkout mutations: after Saleor has done its work, the
member's best voucher is applied (no code to type), a code belonging to
someone else is taken off, and ``checkoutAddPromoCode`` refuses another
member's code outright.  ``LoyaltyPlugin.preprocess_order_creation`` is the
backstop at ``checkoutComplete``.
"""
import logging
import graphene
from django.core.exceptions import ValidationError

from . import rewards
from .compat import PLUGIN_ID

logger = logging.getLogger(__name__)

WRAPPED_MUTATIONS = (
    "checkout_create",
    "checkout_lines_add",
    "checkout_lines_update",
    "checkout_line_delete",
    "checkout_customer_attach",
    "checkout_shipping_address_update",
    "checkout_shipping_method_update",
    "checkout_remove_promo_code",
)
NOT_YOURS = rewards.NOT_YOURS


def apply_best_reward(checkout, discounts, settings) -> None:
    """Put the member's best reward on the checkout (or take off one that isn't theirs).

    Cheap for customers with nothing to gain: one account lookup, no price
    calculation, no writes.
    """
    from saleor.checkout import calculations
    from saleor.checkout.utils import add_voucher_to_checkout, remove_voucher_from_checkout
    from saleor.discount.models import NotApplicable, Voucher

    if rewards.foreign_reward(checkout) is not None:
        remove_voucher_from_checkout(checkout)
    if checkout.user is None:
        return
    active = rewards.member_rewards_for_checkout(
        user=checkout.user, channel="", settings=settings, voucher_code=checkout.voucher_code
    )
    if active is None:
        return
    lines = list(checkout)
    subtotal = calculations.checkout_subtotal(checkout=checkout, lines=lines, discounts=discounts)
    shipping = calculations.checkout_shipping_price(checkout=checkout, lines=lines, discounts=discounts)
    remove, chosen = rewards.decide_checkout_reward(
        active, voucher_code=checkout.voucher_code, current_saving=checkout.discount.amount,
        subtotal=subtotal.gross.amount, shipping=shipping.gross.amount,
    )
    if remove:
        remove_voucher_from_checkout(checkout)
    if chosen is None:
        return
    try:
        add_voucher_to_checkout(checkout, lines, Voucher.objects.get(code=chosen.voucher_code), discounts)
    except (NotApplicable, Voucher.DoesNotExist):
        logger.info("Loyalty reward %s not applicable to checkout %s", chosen.voucher_code, checkout.pk)


def _with_rewards(mutation_cls, after):
    """The mutation's field with ``after(payload, info)`` run on success."""
    resolve = mutation_cls._meta.resolver

    def resolver(root, info, **kwargs):
        payload = resolve(root, info, **kwargs)
        checkout = getattr(payload, "checkout", None)
        if checkout is None or getattr(payload, "errors", None):
            return payload
        return after(payload, info) or payload

    return graphene.Field(
        mutation_cls._meta.output,
        args=mutation_cls._meta.arguments,
        resolver=resolver,
        description=mutation_cls._meta.description,
    )


def _settings_in_request(info):
    """The program as the request's plugin manager already loaded it (no query)."""
    plugin = info.context.plugins.get_plugin(PLUGIN_ID)
    return plugin.program_settings() if plugin is not None else None


def _apply(payload, info):
    settings = _settings_in_request(info)
    if settings is not None:
        apply_best_reward(payload.checkout, info.context.discounts, settings)
    return payload


def _refuse_foreign_code(mutation_cls):
    def after(payload, info):
        from saleor.checkout.error_codes import CheckoutErrorCode
        from saleor.checkout.utils import remove_voucher_from_checkout

        if rewards.foreign_reward(payload.checkout) is None:
            return _apply(payload, info)
        remove_voucher_from_checkout(payload.checkout)
        return mutation_cls.handle_errors(ValidationError({"promo_code": ValidationError(
            NOT_YOURS, code=CheckoutErrorCode.VOUCHER_NOT_APPLICABLE.value)}))

    return after


def checkout_mutation_overrides(saleor_mutation):
    """Replacement fields for the merged Mutation type (same names and types)."""
    saleor_fields = saleor_mutation._meta.fields
    fields = {name: _with_rewards(saleor_fields[name].type, _apply) for name in WRAPPED_MUTATIONS}
    promo = saleor_fields["checkout_add_promo_code"].type
    fields["checkout_add_promo_code"] = _with_rewards(promo, _refuse_foreign_code(promo))
    return fields
