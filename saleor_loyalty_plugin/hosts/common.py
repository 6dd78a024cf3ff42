"""Saleor reads that are spelled the same in both generations.

Users, orders, checkouts and the payment records of the legacy payments API
have kept their names from 2.10 to 3.x, so each host package re-exports
these instead of keeping two copies.
"""
from decimal import Decimal

from ..core.earning import OrderSnapshot

from django.contrib.auth import get_user_model
from django.db.models import Q

ZERO = Decimal("0")
STATUS_FULFILLED = "fulfilled"
STATUS_CANCELED = "canceled"
STATUS_UNCONFIRMED = "unconfirmed"
STATUSES_NOT_PLACED = ("draft", STATUS_UNCONFIRMED)


def get_user_by_email(email: str):
    return get_user_model().objects.filter(email__iexact=(email or "").strip()).first()


def get_user(user_id):
    return get_user_model().objects.filter(pk=user_id).first()


def get_order(order_id: str, related=("user",)):
    from django.core.exceptions import ValidationError
    from saleor.order.models import Order

    try:
        return Order.objects.select_related(*related).filter(pk=order_id).first()
    except (ValueError, ValidationError):  # not an order id of this host
        return None


def get_checkout(token: str):
    from django.core.exceptions import ValidationError
    from saleor.checkout.models import Checkout

    try:
        return Checkout.objects.filter(token=token).first()
    except (ValueError, ValidationError):  # not a UUID: no such checkout
        return None


def lock_checkouts_holding(token: str, codes=()):
    """Lock (FOR UPDATE) the checkout ``token`` and every checkout holding one of ``codes``.

    The first step of the plugin's lock order (see ``redemption.services``),
    for one redemption: ``lock_checkouts_for_gift_cards`` with one token.
    Returns the checkout ``token`` as locked (fresh), or None if it is gone.
    """
    locked = lock_checkouts_for_gift_cards([token], codes)
    return next((checkout for checkout in locked if str(checkout.token) == str(token)), None)


def lock_checkouts_for_gift_cards(tokens, codes) -> list:
    """Lock (FOR UPDATE, primary-key order) the checkouts ``tokens`` and those holding ``codes``.

    Step 1 of the plugin's lock order (``redemption.services``) for a set of
    redemptions: Saleor's checkout completion locks the checkout before its
    gift cards, so a job that will lock accounts and points cards, then
    detach the cards, takes the checkouts first.  Returns the checkouts as
    locked (fresh); three statements per set.
    """
    from saleor.checkout.models import Checkout

    holders = set(Checkout.objects.filter(gift_cards__code__in=list(codes))
                  .values_list("pk", flat=True)) if codes else set()
    wanted = [str(token) for token in tokens]
    holders |= set(_valid_checkout_tokens(Checkout, wanted))
    if not holders:
        return []
    return list(Checkout.objects.select_for_update().filter(pk__in=list(holders)).order_by("pk"))


def _valid_checkout_tokens(Checkout, tokens):
    """The pks of the checkouts among ``tokens`` (tokens that are not UUIDs match none)."""
    from uuid import UUID

    valid = []
    for token in tokens:
        try:
            valid.append(str(UUID(token)))
        except (ValueError, TypeError, AttributeError):
            continue
    if not valid:
        return []
    return Checkout.objects.filter(token__in=valid).values_list("pk", flat=True)


def order_checkout_token(order) -> str:
    return str(order.checkout_token or "")


def existing_checkout_tokens(tokens) -> set:
    """The subset of ``tokens`` whose checkout still exists (one query)."""
    from saleor.checkout.models import Checkout

    return {str(token) for token in Checkout.objects.filter(token__in=list(tokens))
            .values_list("token", flat=True)}


def checkout_gift_card_codes(checkout) -> list:
    return list(checkout.gift_cards.values_list("code", flat=True))


def order_ids_for_checkout_tokens(tokens) -> dict:
    """{checkout token: order id} for the checkouts among ``tokens`` that became orders."""
    from saleor.order.models import Order

    rows = Order.objects.filter(checkout_token__in=[str(t) for t in tokens])
    return {str(token): str(pk) for token, pk in rows.values_list("checkout_token", "pk")}


def guest_order_ids_for_email(user):
    """Orders placed without an account under the user's e-mail, oldest first.

    Includes ones Saleor has already attached to the new account (Saleor 3
    matches guest orders on registration), which otherwise no hook revisits.
    """
    from django.db.models import Q
    from saleor.order.models import Order

    orders = Order.objects.filter(Q(user__isnull=True) | Q(user=user), user_email__iexact=user.email)
    return [str(pk) for pk in orders.order_by("pk").values_list("pk", flat=True)]


def confirmed_owner_of_guest_order(order, *, is_confirmed):
    """The account that proved it owns a guest order's e-mail (None for a member's order).

    Saleor 3 itself gives a guest checkout to the active account with its
    e-mail, and attaches earlier guest orders on confirmation with a bulk
    update no hook hears; the order sync asks this so that whichever sync
    runs (the hook's, a retry, the reconciliation's) credits the same owner.
    """
    if order.user_id is not None or not order.user_email:
        return None
    user = get_user_by_email(order.user_email)
    return user if user is not None and is_confirmed(user) else None


def payments_captured_and_refunded(order):
    """Money captured by payments (before refunds) and refunded, per payment records."""
    from saleor.payment import ChargeStatus, TransactionKind

    captured_net = ZERO
    refunded = ZERO
    for payment in order.payments.all():
        if payment.charge_status == ChargeStatus.NOT_CHARGED:
            continue
        captured_net += payment.captured_amount or ZERO
        for transaction in payment.transactions.all():
            if transaction.is_success and transaction.kind == TransactionKind.REFUND:
                refunded += transaction.amount
    return captured_net + refunded, refunded


def order_lines(order):
    """(sku, category slug, quantity) per line, for punch cards and memberships."""
    return tuple(
        (sku or "", category or "", quantity)
        for sku, category, quantity in order.lines.values_list(
            "product_sku", "variant__product__category__slug", "quantity"
        )
    )


def plugin_configuration_values(row, defaults):
    """(active, values) from a PluginConfiguration row over the plugin's defaults."""
    values = dict(defaults)
    if row is None:
        return None, values
    for item in row.configuration or []:
        values[item["name"]] = item.get("value")
    return row.active, values


def snapshot_of(order, *, channel: str, order_number: str, captured, refunded,
                with_lines: bool, refunded_shipping=ZERO) -> OrderSnapshot:
    """The core's view of an order, once the host has summed the money paid.

    Lines (one more query) only when asked: only punch cards and memberships read them.
    """
    total = order.total_gross_amount
    return OrderSnapshot(
        order_id=str(order.pk),
        order_number=order_number,
        channel=channel,
        currency=order.currency,
        customer_user_id=order.user_id,
        customer_email=order.get_customer_email() or "",
        total=total,
        shipping=order.shipping_price_gross_amount,
        captured=captured,
        refunded=refunded,
        # Nothing left to pay: gift cards (and points, which become gift cards)
        # are already off the total, so one they paid entirely is paid too.
        is_fully_paid=captured >= total,
        is_fulfilled=order.status == STATUS_FULFILLED,
        is_cancelled=order.status == STATUS_CANCELED,
        is_draft=order.status in STATUSES_NOT_PLACED,
        is_awaiting_confirmation=order.status == STATUS_UNCONFIRMED,
        lines=order_lines(order) if with_lines else (),
        refunded_shipping=refunded_shipping,
    )


def order_version_with_payments(order_id: str, fields):
    """The order's ``fields`` plus its payments' captured total, or None if there is none.

    What a sync reads changes with these, so an unchanged version means a
    sync has nothing new to do (used to skip repeated hooks in one request).
    """
    from django.core.exceptions import ValidationError
    from django.db.models import Count, Sum
    from saleor.order.models import Order

    try:
        return (
            Order.objects.filter(pk=order_id)
            .annotate(loyalty_paid=Sum("payments__captured_amount"),
                      loyalty_payments=Count("payments"))
            .values_list(*fields, "loyalty_paid", "loyalty_payments")
            .first()
        )
    except (ValueError, ValidationError):
        return None


def shop_name() -> str:
    """The shop's name as mail signs it (django.contrib.sites, on both generations)."""
    from django.contrib.sites.models import Site

    return Site.objects.get_current().name or ""


def absolute_url(location: str) -> str:
    """``location`` made absolute on the shop's public address (Saleor's own helper)."""
    from saleor.core.utils import build_absolute_uri

    return build_absolute_uri(location) or location


def journey_order_id_chunks(orders, *, moment: str, start, end, chunk_size: int, created: str):
    """Keyset-paged ids of ``orders`` (placed ones) whose moment lies in [start, end].

    ``created`` names the host's creation column (2.10 ``created``, 3.x
    ``created_at``); fulfilments use the same name.
    """
    from django.db.models import Min

    orders = orders.exclude(status__in=("draft", "expired"))  # expired: Saleor 3's unpaid
    if moment == "created":
        orders = orders.filter(**{created + "__gte": start, created + "__lte": end})
    else:
        orders = orders.annotate(first_fulfilled=Min("fulfillments__" + created)).filter(
            first_fulfilled__gte=start, first_fulfilled__lte=end)
    after = None
    while True:
        page = orders.order_by("pk")
        if after is not None:
            page = page.filter(pk__gt=after)
        ids = list(page.values_list("pk", flat=True)[:chunk_size])
        if not ids:
            return
        after = ids[-1]
        yield [str(pk) for pk in ids]


def _address_facts(address):
    """(street line, postal code, country code, phone) of a Saleor Address, or None."""
    if address is None:
        return None
    return (address.street_address_1 or "", address.postal_code or "",
            str(getattr(address.country, "code", address.country) or ""),
            str(address.phone or ""))


def user_identity_facts(user):
    """The customer's e-mail, and every address (with phone) they saved or ordered to."""
    from saleor.order.models import Order

    addresses = list(user.addresses.all())
    for field in ("default_shipping_address", "default_billing_address"):
        if getattr(user, field, None) is not None:
            addresses.append(getattr(user, field))
    for order in Order.objects.filter(user=user).select_related("shipping_address",
                                                               "billing_address")[:20]:
        addresses.extend([order.shipping_address, order.billing_address])
    return user.email, [facts for facts in map(_address_facts, addresses) if facts]


# An order line's category and money for the insight queries; ``{line_total}`` is the
# host's spelling of the line's gross total (2.10 keeps only the unit price).
INSIGHT_LINES_SQL = """
SELECT l.order_id AS order_id,
       COALESCE(c.name, '') AS category,
       {line_total} AS line_total
  FROM order_orderline l
  LEFT JOIN product_productvariant v ON v.id = l.variant_id
  LEFT JOIN product_product p ON p.id = v.product_id
  LEFT JOIN product_category c ON c.id = p.category_id
"""
