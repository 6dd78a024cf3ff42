"""Storefront, payment-app and dashboard flows over Saleor 3's own GraphQL API.

A storefront: checkoutCreate with lines and addresses → delivery method →
(promo code) → pay → checkoutComplete.  Payment as real Saleor 3 stores take
it: a payment app (HANDLE_PAYMENTS) records a transaction on the checkout or
order (``transactionCreate``) and reports later events
(``transactionEventReport``), or the shopper completes an unpaid checkout and
staff mark the order as paid and confirm it.  Clients are Saleor's
``ApiClient`` test clients (``post_graphql``), which run on-commit callbacks
as a real commit would.
"""
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from graphql_relay import from_global_id, to_global_id

US_ADDRESS = {
    "firstName": "Ada", "lastName": "Lovelace", "streetAddress1": "350 Fifth Avenue",
    "city": "New York", "postalCode": "10118", "country": "US", "countryArea": "NY",
}
ERRORS = "errors { field code message }"
MONEY = "{ gross { amount } }"
ORDER_FIELDS = """
  id number status isPaid chargeStatus voucherCode userEmail
  total %s subtotal %s shippingPrice %s undiscountedTotal %s
  discounts { type valueType value amount { amount } }
""" % (MONEY, MONEY, MONEY, MONEY)

CHECKOUT_FIELDS = """
  id token voucherCode discount { amount }
  subtotalPrice %s shippingPrice %s totalPrice %s
  giftCards { last4CodeChars }
  shippingMethods { id }
""" % (MONEY, MONEY, MONEY)
CHECKOUT_CREATE = """
mutation Create($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { %s } %s }
}""" % (CHECKOUT_FIELDS, ERRORS)
CHECKOUT = "query Checkout($id: ID!) { checkout(id: $id) { %s } }" % CHECKOUT_FIELDS
DELIVERY = """
mutation Delivery($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { checkout { id } %s }
}""" % ERRORS
ADD_PROMO = """
mutation Promo($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) { checkout { voucherCode } %s }
}""" % ERRORS
COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) { order { %s } %s }
}""" % (ORDER_FIELDS, ERRORS)
TRANSACTION_CREATE = """
mutation Pay($id: ID!, $transaction: TransactionCreateInput!) {
  transactionCreate(id: $id, transaction: $transaction) { transaction { id } %s }
}""" % ERRORS
EVENT_REPORT = """
mutation Report($id: ID!, $type: TransactionEventTypeEnum!, $amount: PositiveDecimal!,
                $psp: String!) {
  transactionEventReport(id: $id, type: $type, amount: $amount, pspReference: $psp) {
    alreadyProcessed %s
  }
}""" % ERRORS
ORDER = "query Order($id: ID!) { order(id: $id) { %s voucher { code } lines { id quantity } } }" \
    % ORDER_FIELDS
MARK_AS_PAID = """
mutation Paid($id: ID!) { orderMarkAsPaid(id: $id) { order { id isPaid status } %s } }""" % ERRORS
CONFIRM = """
mutation Confirm($id: ID!) { orderConfirm(id: $id) { order { id status } %s } }""" % ERRORS
CANCEL = """
mutation Cancel($id: ID!) { orderCancel(id: $id) { order { id status } %s } }""" % ERRORS
FULFILL = """
mutation Fulfill($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { order { id status } %s }
}""" % ERRORS
REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email isActive } %s }
}""" % ERRORS
PLUGIN_UPDATE = """
mutation PluginUpdate($id: ID!, $channelId: ID, $input: PluginUpdateInput!) {
  pluginUpdate(id: $id, channelId: $channelId, input: $input) {
    plugin { id channelConfigurations { active configuration { name value } } }
    errors { field code message }
  }
}"""

_psp_references = count(1)


@dataclass
class Shop:
    channel: object
    variant: object
    warehouse: object

    @property
    def variant_id(self):
        return to_global_id("ProductVariant", self.variant.pk)


def pk_of(global_id: str) -> str:
    """The database id behind a GraphQL global id."""
    return from_global_id(global_id)[1]


def money(value) -> Decimal:
    return Decimal(str(value))


def gql(client, query, variables=None):
    """Data of a call that must not fail at the GraphQL level."""
    response = client.post_graphql(query, variables)
    body = response.json()
    assert response.status_code == 200 and not body.get("errors"), body
    return body["data"]


def mutate(client, query, variables=None):
    """The payload of a one-mutation document that must succeed."""
    (payload,) = gql(client, query, variables).values()
    assert payload["errors"] == [], payload
    return payload


# storefront ----------------------------------------------------------------

def start_checkout(client, shop, quantity=8, *, variant_id=None, email=None, lines=None):
    """checkoutCreate with lines and US shipping and billing addresses."""
    lines = lines or [(variant_id or shop.variant_id, quantity)]
    checkout_input = {
        "channel": shop.channel.slug,
        "lines": [{"variantId": variant, "quantity": qty} for variant, qty in lines],
        "shippingAddress": US_ADDRESS, "billingAddress": US_ADDRESS,
    }
    if email:
        checkout_input["email"] = email
    return mutate(client, CHECKOUT_CREATE, {"input": checkout_input})["checkout"]


def checkout_state(client, checkout_id):
    return gql(client, CHECKOUT, {"id": checkout_id})["checkout"]


def choose_delivery(client, checkout_id):
    methods = checkout_state(client, checkout_id)["shippingMethods"]
    mutate(client, DELIVERY, {"id": checkout_id, "method": methods[0]["id"]})
    return checkout_state(client, checkout_id)


def add_promo_code(client, checkout_id, code):
    """checkoutAddPromoCode's payload, errors included (a refusal is an answer)."""
    return gql(client, ADD_PROMO, {"id": checkout_id, "code": code})["checkoutAddPromoCode"]


def total_of(client, checkout_id) -> Decimal:
    return money(checkout_state(client, checkout_id)["totalPrice"]["gross"]["amount"])


def complete(client, checkout_id):
    return mutate(client, COMPLETE, {"id": checkout_id})["order"]


def checkout(client, shop, quantity=8, *, payment_app=None, authorize_only=False, email=None,
             variant_id=None, promo_code=None, lines=None):
    """A whole storefront checkout; paid by ``payment_app`` or left unpaid."""
    started = start_checkout(client, shop, quantity, variant_id=variant_id, email=email,
                             lines=lines)
    if promo_code:
        added = add_promo_code(client, started["id"], promo_code)
        assert added["errors"] == [], added
    choose_delivery(client, started["id"])
    if payment_app is not None:
        pay(payment_app, started["id"], total_of(client, started["id"]),
            authorize_only=authorize_only)
    return complete(client, started["id"])


# payment app ---------------------------------------------------------------

def pay(app_client, checkout_or_order_id, amount, *, authorize_only=False):
    """The payment app records a charge (or an authorization) on a checkout or order."""
    kind = "amountAuthorized" if authorize_only else "amountCharged"
    transaction = {"name": "Card", "pspReference": "psp-%d" % next(_psp_references),
                   kind: {"amount": str(amount), "currency": "USD"}}
    payload = mutate(app_client, TRANSACTION_CREATE,
                     {"id": checkout_or_order_id, "transaction": transaction})
    return payload["transaction"]["id"]


def report(app_client, transaction_id, event_type, amount, psp=None):
    """transactionEventReport, e.g. CHARGE_SUCCESS or REFUND_SUCCESS."""
    return mutate(app_client, EVENT_REPORT, {
        "id": transaction_id, "type": event_type, "amount": str(amount),
        "psp": psp or "psp-event-%d" % next(_psp_references),
    })


def transaction_of(staff_client, order_id):
    body = gql(staff_client, "query O($id: ID!) { order(id: $id) { transactions { id } } }",
               {"id": order_id})
    return body["order"]["transactions"][0]["id"]


# dashboard -----------------------------------------------------------------

def order_of(staff_client, order_id):
    return gql(staff_client, ORDER, {"id": order_id})["order"]


def mark_as_paid(staff_client, order_id):
    return mutate(staff_client, MARK_AS_PAID, {"id": order_id})["order"]


def confirm(staff_client, order_id):
    return mutate(staff_client, CONFIRM, {"id": order_id})["order"]


def cancel(staff_client, order_id):
    return mutate(staff_client, CANCEL, {"id": order_id})["order"]


def fulfill_all(staff_client, order_id, warehouse):
    lines = order_of(staff_client, order_id)["lines"]
    warehouse_id = to_global_id("Warehouse", warehouse.pk)
    return mutate(staff_client, FULFILL, {"order": order_id, "input": {
        "notifyCustomer": False,
        "lines": [{"orderLineId": line["id"],
                   "stocks": [{"quantity": line["quantity"], "warehouse": warehouse_id}]}
                  for line in lines],
    }})["order"]


def register(client, shop, email, password="shopper-password-1"):
    return mutate(client, REGISTER, {"input": {
        "email": email, "password": password, "channel": shop.channel.slug,
        "redirectUrl": "https://www.example.com/confirm/",
    }})["user"]


# the loyalty API ------------------------------------------------------------

def loyalty(route, query, variables=None, user=None):
    """Data of a loyalty query at the plugin route that must not fail."""
    status, body = route.post(query, variables, user=user)
    assert status == 200 and not body.get("errors"), body
    return body["data"]
