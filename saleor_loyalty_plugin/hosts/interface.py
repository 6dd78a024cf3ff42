"""What every host package offers: the only door between the plugin and Saleor.

``hosts.saleor2`` and ``hosts.saleor3`` each expose these names at package
level (a test checks both); the rest of the plugin reaches Saleor only through
``hosts.host``, so no code outside ``hosts/`` asks which generation runs.
"""
from typing import Dict, Tuple

# Facts about the generation that callers need as values, not branches.
CONSTANTS = {
    "GENERATION": "2 or 3",
    "AUTH_HEADER_PREFIX": "'JWT' (2.10) or 'Bearer' (3.x): what storefronts send",
    "MULTILINE_FIELD_TYPE": "the plugin configuration type for a text area",
    "ORDER_HOOKS_ALSO_FIRE_ORDER_UPDATED": "True where every order action also fires order_updated",
    "SERVES_PLUGIN_ROUTE": "True where BasePlugin.webhook serves /plugins/... URLs",
    "CHECKOUT_HOOKS": "True where checkout_created/checkout_updated fire (else mutations are wrapped)",
    "STORE_DISCOUNT_IS_VOUCHER": "True where the store-wide discount is a shared voucher code "
                                 "(2.10); False where Saleor applies it itself (3.x promotion)",
    # storefront
    "CUSTOMER_NAME_FIELDS": "user model fields a staff account search matches besides the e-mail",
}

FUNCTIONS: Dict[str, str] = {
    # database
    "writer_access": "() -> context manager allowing primary-DB writes outside requests",
    # channels and configuration
    "normalize_channel": "(slug or None) -> the slug accounts are kept under, or None if unknown",
    "channel_currency": "(slug) -> the channel's currency code",
    "channel_slugs": "() -> every channel's slug",
    "configuration_channel": "(saved PluginConfiguration) -> its channel's slug",
    "load_plugin_configuration": "(plugin_id, channel, defaults, default_active) -> (active, values)",
    # accounts
    "get_user": "(user_id) -> user or None",
    "get_user_by_email": "(email) -> user or None",
    "authenticate_request": "(request) -> the user behind its Authorization header, or None",
    "user_is_confirmed": "(user) -> whether the account proved it owns its e-mail",
    "user_identity_facts": "(user) -> (e-mail, [(street, postal code, country, phone)] of the "
                           "addresses saved and ordered to): what tells one household",
    "connect_account_confirmed": "(callback) -> None; calls callback(user_id) in the saving "
                                 "transaction whenever an account is saved confirmed",
    "confirmed_owner_of_guest_order": "(order) -> the confirmed account holding a guest "
                                      "order's e-mail, or None",
    # orders
    "get_order": "(order_id) -> order or None",
    "order_channel": "(order) -> channel slug",
    "order_snapshot": "(order, with_lines=True) -> core.earning.OrderSnapshot",
    "order_version": "(order_id) -> a value that changes whenever what a sync reads changes",
    "order_checkout_token": "(order) -> token of the checkout it came from, or ''",
    "recent_orders_for_user": "(user, channel, limit) -> the customer's newest orders",
    "orders_changed_between": "(start, end, chunk_size) -> chunks of (order id, changed at)",
    "guest_order_ids_for_email": "(user) -> ids of orders placed as a guest with that e-mail",
    # insights (plain SQL over Saleor's tables, for set-based reports)
    "insight_orders_sql": "() -> SQL of paid, not cancelled orders: order_id, email (lower-cased, "
                          "guests too), placed_at, total, currency, channel (slug), country",
    "insight_lines_sql": "() -> SQL of order lines: order_id, category (name or ''), line_total",
    "insight_order_id_type": "() -> the SQL type of the orders' ids ('uuid' or 'integer')",
    # checkouts
    "get_checkout": "(token) -> checkout or None",
    "lock_checkouts_holding": "(token, codes=()) -> the checkout locked FOR UPDATE, with every "
                              "checkout holding one of the gift card codes; None if gone",
    "lock_checkouts_for_gift_cards": "(tokens, codes) -> the checkouts of tokens and "
                                     "those holding the codes, locked FOR UPDATE in pk order",
    "existing_checkout_tokens": "(tokens) -> the subset whose checkout still exists",
    "order_ids_for_checkout_tokens": "(tokens) -> {token: order id} for checkouts that became orders",
    "checkout_channel": "(checkout) -> channel slug",
    "checkout_adapter": "(checkout) -> object with prices(), remove_voucher(), apply_voucher(code), "
                        "use_store_discount(code or None), prices_changed()",
    "checkout_amounts": "(checkout) -> (goods after discounts, voucher discount, currency)",
    "checkout_prices_changed": "(checkout) -> None; drops cached prices after a gift card moved",
    "checkout_of_hook": "(argument of preprocess_order_creation) -> the checkout",
    "voucher_refusal": "(message) -> the exception preprocess_order_creation raises",
    # discount objects
    "upsert_voucher": "(code, spec, currency, channel, owner_email, valid_until) -> None; "
                      "dated, armed for one more use",
    "arm_voucher": "(code) -> None; one use more than it has had",
    "retire_vouchers": "(codes) -> None; they stop working now",
    "reactivate_vouchers": "({code: valid_until}) -> None",
    "order_voucher_code": "(order) -> the voucher code it used, or ''",
    "issue_free_unit_voucher": "(code, card, currency, channel, owner_email, valid_until) -> None",
    "unused_codes": "(codes, active_only=True) -> the subset still unused (and active)",
    "upsert_store_discount": "(reference, spec, channel, currency, now) -> reference",
    "end_store_discount": "(reference) -> None",
    "issue_gift_card_on_checkout": "(checkout, code, amount, currency, user) -> None",
    "withdraw_gift_card": "(code, checkout=None) -> unspent balance; card locked, off every "
                          "checkout, inactive (call in a transaction)",
    "withdraw_gift_cards": "(codes) -> {code: unspent balance}; the same for many cards in a few "
                           "statements: locked in id order, off every checkout, inactive "
                           "(call in a transaction, after lock_checkouts_for_gift_cards and "
                           "the accounts)",
    "checkout_gift_card_codes": "(checkout) -> codes of the gift cards on it",
    "detach_gift_card": "(code, checkout) -> None; off this checkout only",
    # after-sale journey and mail
    "journey_order_ids": "(channel, moment: created | fulfilled, start, end, chunk_size) -> chunks "
                         "of ids of placed orders whose moment lies in [start, end]",
    "order_journey_moments": "(order) -> (placed at, first fulfilled at or None)",
    "shop_name": "() -> the shop's name",
    "absolute_url": "(location) -> the location on the shop's public address",
    "plugin_url": "(channel, path) -> path of the plugin's own page (unsubscribe, survey)",
    "render_html": "(Handlebars template, context) -> HTML (Saleor 3: pybars as Saleor's mail)",
    "channel_mail_settings": "(channel) -> SMTP settings of the channel's User emails plugin "
                             "(host, port, username, password, use_tls, use_ssl, sender) or None",
    "notify": "(event, payload, channel) -> None; manager.notify('loyalty_' + event) on 3.x",
    # storefront
    "checkout_totals": "(checkout) -> (what the shopper pays now after vouchers, gift cards and "
                       "points, the shipping in it, currency): the order it becomes",
    "variant_for_sku": "(sku, channel) -> (variant global id, price, currency) or None",
}

NAMES = tuple(CONSTANTS) + tuple(FUNCTIONS)


def missing_names(module) -> Tuple[str, ...]:
    """Names of the interface a host module does not define (for the conformance test)."""
    return tuple(name for name in NAMES if not hasattr(module, name))

