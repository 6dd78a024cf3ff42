"""Saleor 2.10's checkout mutations, wrapped so the member's best reward follows the checkout.

2.10 has no checkout event hooks; the merged ``/graphql/`` schema replaces
these mutation fields (same names, arguments and payloads) with ones that run
Saleor's resolver, then the reward rule.  ``checkoutAddPromoCode`` also refuses
another member's code outright.
"""
import graphene
from django.core.exceptions import ValidationError
from django.utils import timezone

from ... import PLUGIN_ID
from ...redemption.checkout import checkout_follow_redemption
from ...rewards import selectors as reward_selectors
from ...rewards import services as reward_services
from .checkout import checkout_adapter

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
        reward_services.checkout_apply_best_reward(
            checkout=checkout_adapter(payload.checkout, info.context.discounts), settings=settings)
        checkout_follow_redemption(checkout=payload.checkout, settings=settings,
                                   now=timezone.now())
    return payload


def _refuse_foreign_code(mutation_cls):
    def after(payload, info):
        from saleor.checkout.error_codes import CheckoutErrorCode
        from saleor.checkout.utils import remove_voucher_from_checkout

        if reward_selectors.foreign_reward(payload.checkout) is None:
            return _apply(payload, info)
        remove_voucher_from_checkout(payload.checkout)
        return mutation_cls.handle_errors(ValidationError({"promo_code": ValidationError(
            reward_selectors.NOT_YOURS, code=CheckoutErrorCode.VOUCHER_NOT_APPLICABLE.value)}))

    return after


def checkout_mutation_overrides(saleor_mutation):
    """Replacement fields for the merged Mutation type (same names and types)."""
    saleor_fields = saleor_mutation._meta.fields
    fields = {name: _with_rewards(saleor_fields[name].type, _apply) for name in WRAPPED_MUTATIONS}
    promo = saleor_fields["checkout_add_promo_code"].type
    fields["checkout_add_promo_code"] = _with_rewards(promo, _refuse_foreign_code(promo))
    return fields
