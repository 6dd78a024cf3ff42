"""LoyaltyPlugin: the hooks only schedule work, they never compute points.

Every order hook schedules the same idempotent "sync this order" task after
the surrounding DB transaction commits (see dispatch.py), so the result does
not depend on which hooks fire, how often, or in what order, and checkout
latency pays at most for one task dispatch.  Hooks of an inactive plugin return at once
(Saleor 2.10's manager calls inactive plugins too).
"""
import copy
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from saleor.plugins.base_plugin import BasePlugin

from .. import PLUGIN_ID
from ..core.errors import LoyaltyError
from ..core.keys import card_key, pin_keys, tier_key
from ..core.punch_cards import FIELD_PUNCH_CARDS
from ..core.tiers import FIELD_TIERS
from ..core.program import parse_program_settings
from ..hosts import host
from ..orders.dispatch import schedule_order_sync
from . import config

logger = logging.getLogger(__name__)
PLUGIN_ERROR_INVALID = "invalid"  # PluginErrorCode.INVALID on 2.10 and 3.x
GRAPHQL_PATHS = ("graphql", "graphql/", "/graphql", "/graphql/")


def _program_changed(channel: str) -> None:
    from ..tasks import program_changed_task

    try:
        program_changed_task.delay(channel)
    except Exception:  # broker down: the nightly pass does the same
        logger.warning("Loyalty: program change of %r not dispatched", channel, exc_info=True)


PINNED = ((FIELD_TIERS, tier_key), (FIELD_PUNCH_CARDS, card_key))


def _with_pinned_keys(plugin_configuration, cleaned_data):
    """The update with each tier's and card's key written in (see core.keys).

    Compared with the configuration as saved before this update, so a renamed
    entry keeps the key its members' tiers and punches refer to.
    """
    updates = cleaned_data.get("configuration")
    if not updates:
        return cleaned_data
    before = config.values_from_items(plugin_configuration.configuration)
    pinned = []
    for item in updates:
        item = dict(item)
        for field, key_of in PINNED:
            if item.get("name") == field and item.get("value") is not None:
                item["value"] = pin_keys(item["value"], before.get(field), key_of)
        pinned.append(item)
    return dict(cleaned_data, configuration=pinned)


class LoyaltyPlugin(BasePlugin):
    PLUGIN_ID = PLUGIN_ID
    PLUGIN_NAME = "Loyalty points"
    PLUGIN_DESCRIPTION = (
        "Rewards customers with points for the money they pay. Points stay pending "
        "through the return window, are taken back on cancellation and refunds, "
        "and are shown to shoppers through the loyalty GraphQL API."
    )
    DEFAULT_ACTIVE = config.DEFAULT_ACTIVE
    CONFIGURATION_PER_CHANNEL = True
    DEFAULT_CONFIGURATION = config.DEFAULT_CONFIGURATION
    CONFIG_STRUCTURE = config.CONFIG_STRUCTURE

    def __init__(self, *, configuration, **kwargs):
        # Saleor 2.10 hands the class-level DEFAULT_CONFIGURATION to a plugin that
        # has no saved row and pluginUpdate then edits it in place, which would
        # leak one save's values into every later default; work on a copy.
        super().__init__(configuration=copy.deepcopy(configuration), **kwargs)

    @classmethod
    def validate_plugin_configuration(cls, plugin_configuration, **kwargs):
        values = config.values_from_items(plugin_configuration.configuration)
        try:
            parse_program_settings(values)
        except LoyaltyError as error:
            # The dashboard shows only a short toast and highlights no field, so
            # the message leads with the field's label, then the reason.
            label = config.CONFIG_STRUCTURE.get(error.field, {}).get("label", error.field)
            message = "%s: %s" % (label, error.message)
            raise ValidationError({error.field: ValidationError(message, code=PLUGIN_ERROR_INVALID)})

    @classmethod
    def save_plugin_configuration(cls, plugin_configuration, cleaned_data):
        """After a valid save, the channel's discount objects follow the new program.

        Switched off, every loyalty code of the channel stops working at once
        (the hooks that keep codes personal no longer run); a changed ladder
        or perk retires the codes that no longer match.
        """
        cleaned_data = _with_pinned_keys(plugin_configuration, cleaned_data)
        saved = super().save_plugin_configuration(plugin_configuration, cleaned_data)
        channel = host.configuration_channel(plugin_configuration)
        transaction.on_commit(lambda: _program_changed(channel))
        return saved

    def program_settings(self):
        """This plugin instance's (channel's) program, or None if off or unusable.

        Parsed once per configuration: every checkout hook asks, and the
        manager keeps one plugin instance per channel for the whole request.
        """
        if not self.active:
            return None
        key = repr(self.configuration)
        cached = getattr(self, "_program_cache", None)
        if cached is None or cached[0] != key:
            try:
                settings = parse_program_settings(config.values_from_items(self.configuration))
            except LoyaltyError:
                settings = None
            self._program_cache = cached = (key, settings)
        return cached[1]

    def _sync_order_on_commit(self, order):
        if self.active and order is not None:
            schedule_order_sync(str(order.pk))

    def order_created(self, order, previous_value, *args, **kwargs):
        self._sync_order_on_commit(order)
        return previous_value

    def _order_event_also_fires_order_updated(self, order, previous_value, *args, **kwargs):
        """On Saleor 2.10 every state change also fires order_updated; sync there only.

        Each dispatch costs a broker round trip inside the staff's request,
        and on 2.10 (autocommit, no batching) these hooks would each add one.
        """
        if not host.ORDER_HOOKS_ALSO_FIRE_ORDER_UPDATED:
            self._sync_order_on_commit(order)
        return previous_value

    order_updated = order_created
    order_confirmed = order_created
    order_paid = order_created
    order_refunded = order_created
    order_fully_refunded = order_created
    order_fully_paid = _order_event_also_fires_order_updated
    order_cancelled = _order_event_also_fires_order_updated
    order_fulfilled = _order_event_also_fires_order_updated

    def preprocess_order_creation(self, checkout, *args, previous_value=None, **kwargs):
        """Backstop at checkoutComplete: a member's code never pays for someone else,
        and points pay only on their own checkout, within the caps."""
        if self.active:
            from ..redemption.checkout import checkout_redemption_problem
            from ..rewards.selectors import NOT_YOURS, foreign_reward

            checkout = host.checkout_of_hook(checkout)
            if foreign_reward(checkout) is not None:
                raise host.voucher_refusal(NOT_YOURS)
            problem = checkout_redemption_problem(checkout=checkout,
                                                  settings=self.program_settings())
            if problem is not None:
                raise host.voucher_refusal(problem)
        return previous_value

    def checkout_created(self, checkout, previous_value, *args, **kwargs):
        """Put the member's best reward on the checkout (Saleor 3 runs this after commit)."""
        if checkout is None or (checkout.user_id is None and not checkout.voucher_code):
            return previous_value  # a guest's checkout with no code: nothing to do
        settings = self.program_settings()
        if settings is not None:
            from ..redemption.checkout import checkout_follow_redemption
            from ..rewards.services import checkout_apply_best_reward

            with host.writer_access():
                checkout_apply_best_reward(checkout=host.checkout_adapter(checkout),
                                           settings=settings)
                if checkout.user_id is not None:
                    checkout_follow_redemption(checkout=checkout, settings=settings,
                                               now=timezone.now())
        return previous_value

    checkout_updated = checkout_created

    def webhook(self, request, path, previous_value, *args, **kwargs):
        """Serve the loyalty GraphQL API, the storefront widget, the unsubscribe link and
        the staff insights page at the plugin route (Saleor 3's /plugins/...)."""
        from ..storefront.views import WIDGET_FILE, widget_script

        if path.strip("/") == WIDGET_FILE:
            return widget_script(request)
        if path.strip("/") in ("unsubscribe", "survey"):
            from ..journey.views import survey_view, unsubscribe_view

            view = unsubscribe_view if path.strip("/") == "unsubscribe" else survey_view
            return view(request)
        channel = getattr(getattr(self, "channel", None), "slug", None)
        if path.strip("/") == "insights":
            from ..insights_page.views import insights_page

            return insights_page(request, default_channel=channel)
        if path.strip("/") != "graphql":
            return previous_value
        from ..graphql.views import LoyaltyGraphQLView

        return LoyaltyGraphQLView.as_view(default_channel=channel)(request)
