"""The one place that knows which Saleor generation is running.

Saleor 2.10 has no channels, keeps plugin configuration in one row per plugin
and authenticates GraphQL with ``JWT <token>``; Saleor 3 has channels, one
configuration row per plugin and channel, and ``Bearer <token>``.  Everything
else in the package asks this module instead of checking versions itself.
"""
import contextlib
import importlib.util
from typing import Dict, Optional, Tuple

from django.contrib.auth import get_user_model

HAS_CHANNELS = importlib.util.find_spec("saleor.channel") is not None
SALEOR_GENERATION = 3 if HAS_CHANNELS else 2
NO_CHANNEL = ""
MANAGE_USERS = "account.manage_users"
# Saleor 2.10's order actions call order_updated after order_fully_paid,
# order_cancelled and order_fulfilled (saleor/order/actions.py); Saleor 3 does not
# promise that, so there every order hook schedules a sync.
EVERY_ORDER_EVENT_FIRES_ORDER_UPDATED = not HAS_CHANNELS
PLUGIN_ID = "saleor_loyalty_plugin"


def writer_access():
    """Saleor 3 refuses unmarked access to the primary DB outside requests
    (it routes reads to replicas); loyalty work reads and writes the ledger, so
    tasks declare it.  Saleor 2.10 has no such guard."""
    if HAS_CHANNELS:
        from saleor.core.db.connection import allow_writer

        return allow_writer()
    return contextlib.nullcontext()


def voucher_refusal(message: str) -> Exception:
    """What to raise in preprocess_order_creation to refuse a voucher cleanly."""
    if HAS_CHANNELS:
        from django.core.exceptions import ValidationError

        return ValidationError({"voucher_code": ValidationError(message, code="voucher_not_applicable")})
    from saleor.discount.models import NotApplicable

    return NotApplicable(message)


def normalize_channel(channel: Optional[str]) -> Optional[str]:
    """The channel slug accounts are kept under, or None if it does not exist.

    Saleor 2.10 has a single implicit channel, so any argument maps to it.
    On Saleor 3 a missing argument means the only active channel, if exactly
    one exists (what a single-channel shop expects).
    """
    if not HAS_CHANNELS:
        return NO_CHANNEL
    from saleor.channel.models import Channel

    if channel:
        return channel if Channel.objects.filter(slug=channel).exists() else None
    slugs = list(Channel.objects.filter(is_active=True).values_list("slug", flat=True)[:2])
    return slugs[0] if len(slugs) == 1 else None


def load_plugin_configuration(channel: str) -> Tuple[bool, Dict[str, object]]:
    """(active, raw values) of the loyalty plugin for a channel, from the DB.

    Tasks run outside the request that fired the hook, so they read the
    configuration the merchant saved rather than a plugin instance.
    """
    from saleor.plugins.models import PluginConfiguration

    from .plugin.config import DEFAULT_ACTIVE, default_values

    rows = PluginConfiguration.objects.filter(identifier=PLUGIN_ID)
    if HAS_CHANNELS:
        rows = rows.filter(channel__slug=channel)
    row = rows.first()
    values = default_values()
    if row is None:
        return DEFAULT_ACTIVE, values
    for item in row.configuration or []:
        values[item["name"]] = item.get("value")
    return row.active, values


def get_user_by_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def get_order(order_id: str):
    from saleor.order.models import Order

    return Order.objects.filter(pk=order_id).first()


def channel_currency(channel: str) -> Optional[str]:
    if not HAS_CHANNELS:
        return None  # Saleor 2.10: settings.DEFAULT_CURRENCY
    from saleor.channel.models import Channel

    return Channel.objects.filter(slug=channel).values_list("currency_code", flat=True).first()


def get_checkout(token: str):
    from django.core.exceptions import ValidationError
    from saleor.checkout.models import Checkout

    try:
        return Checkout.objects.filter(token=token).first()
    except (ValueError, ValidationError):  # not a UUID: no such checkout
        return None


def checkout_amounts(checkout):
    """(goods after discounts, loyalty voucher discount, currency) of a checkout.

    Points may pay for goods, not shipping; a loyalty voucher already on the
    checkout counts towards the merchant's maximum loyalty discount.
    """
    from .models import LoyaltyReward

    is_loyalty = LoyaltyReward.objects.filter(voucher_code=checkout.voucher_code).exists()
    if HAS_CHANNELS:
        from saleor.checkout import base_calculations
        from saleor.checkout.fetch import fetch_checkout_lines

        lines, _ = fetch_checkout_lines(checkout)
        goods = base_calculations.base_checkout_subtotal(
            lines, checkout.channel, checkout.currency, include_voucher=True
        ).amount
        discount = checkout.discount_amount if checkout.voucher_code else 0
        return max(goods, 0), (discount if is_loyalty else 0), checkout.currency
    from saleor.checkout import calculations
    from saleor.discount.utils import fetch_active_discounts

    discounts = fetch_active_discounts()
    lines = list(checkout)
    subtotal = calculations.checkout_subtotal(checkout=checkout, lines=lines, discounts=discounts)
    discount = checkout.discount.amount if checkout.voucher_code else 0
    goods = max(subtotal.gross.amount - discount, 0)
    return goods, (discount if is_loyalty else 0), checkout.currency


def checkout_prices_changed(checkout) -> None:
    """Saleor 3 caches checkout prices: mark them stale after a gift card changed."""
    if not HAS_CHANNELS:
        return
    from saleor.checkout.fetch import fetch_checkout_info, fetch_checkout_lines
    from saleor.checkout.utils import invalidate_checkout
    from saleor.plugins.manager import get_plugins_manager

    manager = get_plugins_manager(allow_replica=False)
    lines, _ = fetch_checkout_lines(checkout)
    invalidate_checkout(fetch_checkout_info(checkout, lines, manager), lines, manager, save=True)


def order_checkout_token(order) -> str:
    return str(order.checkout_token or "")


def order_channel(order) -> str:
    return order.channel.slug if HAS_CHANNELS else NO_CHANNEL


def guest_order_ids_for_email(user):
    """Orders placed without an account under the user's e-mail, oldest first.

    Includes ones Saleor has already attached to the new account (Saleor 3
    matches guest orders on registration), which otherwise no hook revisits.
    """
    from django.db.models import Q
    from saleor.order.models import Order

    orders = Order.objects.filter(Q(user__isnull=True) | Q(user=user), user_email__iexact=user.email)
    return [str(pk) for pk in orders.order_by("pk").values_list("pk", flat=True)]


def authenticate_request(request):
    """The user behind the request's ``Authorization`` header, or None.

    Needed where the loyalty schema is served outside Saleor's GraphQL view
    (the Saleor 3 plugin route), which does not authenticate for us.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    if HAS_CHANNELS:
        from saleor.core.auth_backend import JSONWebTokenBackend

        return JSONWebTokenBackend().authenticate(request)
    from graphql_jwt.utils import get_credentials
    from graphql_jwt.shortcuts import get_user_by_token

    token = get_credentials(request)
    if not token:
        return None
    try:
        return get_user_by_token(token)
    except Exception:  # an invalid token reads as anonymous, never as a 500
        return None
