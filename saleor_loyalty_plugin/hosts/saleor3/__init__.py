"""Saleor 3.x (main host): channels, Bearer auth, checkout hooks, plugin routes."""
from ..common import (  # noqa: F401
    absolute_url,
    shop_name,
    checkout_gift_card_codes,
    get_checkout,
    get_user,
    get_user_by_email,
    guest_order_ids_for_email,
    lock_checkouts_holding,
    lock_checkouts_for_gift_cards,
    order_checkout_token,
    order_ids_for_checkout_tokens,
    user_identity_facts,
    existing_checkout_tokens,
)
from .accounts import (  # noqa: F401
    AUTH_HEADER_PREFIX,
    authenticate_request,
    confirmed_owner_of_guest_order,
    connect_account_confirmed,
    user_is_confirmed,
)
from .channels import (  # noqa: F401
    channel_currency,
    channel_slugs,
    configuration_channel,
    load_plugin_configuration,
    normalize_channel,
)
from .checkout import (  # noqa: F401
    checkout_adapter,
    checkout_amounts,
    checkout_channel,
    checkout_of_hook,
    checkout_prices_changed,
    voucher_refusal,
)
from .discounts import (  # noqa: F401
    arm_voucher,
    issue_free_unit_voucher,
    order_voucher_code,
    reactivate_vouchers,
    retire_vouchers,
    unused_codes,
    upsert_voucher,
)
from .store_discount import (  # noqa: F401
    STORE_DISCOUNT_IS_VOUCHER,
    end_store_discount,
    upsert_store_discount,
)
from .gift_cards import (  # noqa: F401
    detach_gift_card,
    issue_gift_card_on_checkout,
    withdraw_gift_card,
    withdraw_gift_cards,
)
from .mail import channel_mail_settings, notify, plugin_url, render_html  # noqa: F401
from .insights import (  # noqa: F401
    insight_lines_sql, insight_order_id_type, insight_orders_sql)
from .orders import (  # noqa: F401
    journey_order_ids,
    order_journey_moments,
    get_order,
    order_channel,
    order_snapshot,
    order_version,
    orders_changed_between,
    recent_orders_for_user,
)
from .storefront import CUSTOMER_NAME_FIELDS, checkout_totals, variant_for_sku  # noqa: F401

GENERATION = 3
MULTILINE_FIELD_TYPE = "Multiline"
# Saleor 3 does not promise order_updated after other order events: every
# order hook schedules a sync.
ORDER_HOOKS_ALSO_FIRE_ORDER_UPDATED = False
SERVES_PLUGIN_ROUTE = True
CHECKOUT_HOOKS = True


def writer_access():
    """Saleor 3 routes reads to replicas and refuses unmarked primary-DB access
    outside requests; loyalty work reads and writes the ledger, so tasks declare it."""
    from saleor.core.db.connection import allow_writer

    return allow_writer()
