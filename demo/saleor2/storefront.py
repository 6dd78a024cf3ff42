"""Talks to Saleor 2.10 over GraphQL exactly as a storefront and the dashboard do.

``GraphQLClient`` posts JSON to ``/graphql/`` through any object with Django's
test-client ``post`` signature; the flows below are the calls a real
storefront makes (register, tokenCreate, checkout...) and the dashboard's
order actions (capture, refund, cancel, fulfil, pluginUpdate).
"""
from decimal import Decimal

from graphql_relay import to_global_id

from .. import common
from ..common import US_ADDRESS, GraphQLError  # noqa: F401  (re-exported for the tests)

DUMMY_GATEWAY = "mirumee.payments.dummy"


class GraphQLClient(common.GraphQLClient):
    AUTH_PREFIX = "JWT"


def mutation_ok(payload, errors_field):
    if payload[errors_field]:
        raise GraphQLError("Mutation refused: %s" % payload[errors_field])
    return payload


REGISTER = """
mutation Register($email: String!, $password: String!) {
  accountRegister(input: {email: $email, password: $password,
                          redirectUrl: "http://localhost:3000/confirm"}) {
    user { email isActive }
    accountErrors { field code message }
  }
}"""
TOKEN_CREATE = """
mutation Login($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token
    accountErrors { field code message }
  }
}"""
CHECKOUT_CREATE = """
mutation CheckoutCreate($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id token voucherCode discount { amount } totalPrice { gross { amount currency } } }
    checkoutErrors { field code message }
  }
}"""
CHECKOUT_PROMO = """
mutation Promo($checkoutId: ID!, $promoCode: String!) {
  checkoutAddPromoCode(checkoutId: $checkoutId, promoCode: $promoCode) {
    checkout { id voucherCode discount { amount } totalPrice { gross { amount } } }
    checkoutErrors { field code message }
  }
}"""
CHECKOUT_SHIPPING = """
mutation Shipping($checkoutId: ID!, $shippingMethodId: ID!) {
  checkoutShippingMethodUpdate(checkoutId: $checkoutId, shippingMethodId: $shippingMethodId) {
    checkout { id voucherCode discount { amount } totalPrice { gross { amount } } }
    checkoutErrors { field code message }
  }
}"""
CHECKOUT_PAYMENT = """
mutation Pay($checkoutId: ID!, $input: PaymentInput!) {
  checkoutPaymentCreate(checkoutId: $checkoutId, input: $input) {
    payment { id chargeStatus }
    paymentErrors { field code message }
  }
}"""
CHECKOUT_COMPLETE = """
mutation Complete($checkoutId: ID!) {
  checkoutComplete(checkoutId: $checkoutId) {
    order {
      id number paymentStatus total { gross { amount currency } }
      discount { amount } voucher { code } shippingPrice { gross { amount } }
    }
    checkoutErrors { field code message }
  }
}"""
ORDER_REFUND = """
mutation Refund($id: ID!, $amount: Decimal!) {
  orderRefund(id: $id, amount: $amount) {
    order { id paymentStatus }
    orderErrors { field code message }
  }
}"""
ORDER_CANCEL = """
mutation Cancel($id: ID!) {
  orderCancel(id: $id) { order { id status } orderErrors { field code message } }
}"""
ORDER_CAPTURE = """
mutation Capture($id: ID!, $amount: Decimal!) {
  orderCapture(id: $id, amount: $amount) {
    order { id paymentStatus }
    orderErrors { field code message }
  }
}"""
ORDER_LINES = """
query OrderLines($id: ID!) { order(id: $id) { lines { id quantity } } }"""
ORDER_FULFILL = """
mutation Fulfill($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    order { id status }
    orderErrors { field code message }
  }
}"""
PLUGIN_UPDATE = """
mutation PluginUpdate($id: ID!, $input: PluginUpdateInput!) {
  pluginUpdate(id: $id, input: $input) {
    plugin { id active configuration { name value } }
    pluginsErrors { field code message }
  }
}"""


class Storefront:
    """Shopper and dashboard flows over one GraphQL client."""

    def __init__(self, client: GraphQLClient):
        self.client = client

    def register(self, email, password):
        data = self.client.execute(REGISTER, {"email": email, "password": password})
        return mutation_ok(data["accountRegister"], "accountErrors")["user"]

    def login(self, email, password):
        data = self.client.execute(TOKEN_CREATE, {"email": email, "password": password})
        return mutation_ok(data["tokenCreate"], "accountErrors")["token"]

    def start_checkout(self, lines, *, token=None, email=None):
        """checkoutCreate with lines and addresses; returns the checkout."""
        variables = {
            "input": {
                "email": email,
                "lines": [
                    {"variantId": to_global_id("ProductVariant", variant.pk), "quantity": qty}
                    for variant, qty in lines
                ],
                "shippingAddress": US_ADDRESS,
                "billingAddress": US_ADDRESS,
            }
        }
        created = self.client.execute(CHECKOUT_CREATE, variables, token)["checkoutCreate"]
        return mutation_ok(created, "checkoutErrors")["checkout"]

    def add_promo_code(self, checkout_id, promo_code, *, token=None):
        """The raw checkoutAddPromoCode payload (checkout and checkoutErrors)."""
        return self.client.execute(
            CHECKOUT_PROMO, {"checkoutId": checkout_id, "promoCode": promo_code}, token
        )["checkoutAddPromoCode"]

    def choose_shipping(self, checkout_id, shipping_method, *, token=None):
        shipped = self.client.execute(
            CHECKOUT_SHIPPING,
            {"checkoutId": checkout_id,
             "shippingMethodId": to_global_id("ShippingMethod", shipping_method.pk)},
            token,
        )["checkoutShippingMethodUpdate"]
        return mutation_ok(shipped, "checkoutErrors")["checkout"]

    def pay_and_complete(self, checkout_id, amount, *, token=None, payment_token="charged"):
        paid = self.client.execute(
            CHECKOUT_PAYMENT,
            {
                "checkoutId": checkout_id,
                "input": {"gateway": DUMMY_GATEWAY, "token": payment_token, "amount": amount},
            },
            token,
        )["checkoutPaymentCreate"]
        mutation_ok(paid, "paymentErrors")
        completed = self.client.execute(CHECKOUT_COMPLETE, {"checkoutId": checkout_id}, token)
        return mutation_ok(completed["checkoutComplete"], "checkoutErrors")["order"]

    def checkout(self, lines, *, token=None, email=None, shipping_method=None,
                 payment_token="charged", promo_code=None):
        """Create → address → shipping → (promo code) → payment → complete; returns the order."""
        checkout = self.start_checkout(lines, token=token, email=email)
        if shipping_method is not None:
            checkout = self.choose_shipping(checkout["id"], shipping_method, token=token)
        if promo_code is not None:
            promoted = self.add_promo_code(checkout["id"], promo_code, token=token)
            checkout = mutation_ok(promoted, "checkoutErrors")["checkout"]
        amount = checkout["totalPrice"]["gross"]["amount"]
        return self.pay_and_complete(
            checkout["id"], amount, token=token, payment_token=payment_token
        )

    def refund(self, staff_token, order_id, amount: Decimal):
        data = self.client.execute(
            ORDER_REFUND, {"id": order_id, "amount": str(amount)}, staff_token
        )
        return mutation_ok(data["orderRefund"], "orderErrors")["order"]

    def cancel(self, staff_token, order_id):
        data = self.client.execute(ORDER_CANCEL, {"id": order_id}, staff_token)
        return mutation_ok(data["orderCancel"], "orderErrors")["order"]

    def capture(self, staff_token, order_id, amount: Decimal):
        data = self.client.execute(
            ORDER_CAPTURE, {"id": order_id, "amount": str(amount)}, staff_token
        )
        return mutation_ok(data["orderCapture"], "orderErrors")["order"]

    def fulfill_all(self, staff_token, order_id, warehouse):
        lines = self.client.execute(ORDER_LINES, {"id": order_id}, staff_token)["order"]["lines"]
        warehouse_id = to_global_id("Warehouse", warehouse.pk)
        payload = {
            "lines": [
                {"orderLineId": line["id"],
                 "stocks": [{"quantity": line["quantity"], "warehouse": warehouse_id}]}
                for line in lines
            ],
            "notifyCustomer": False,
        }
        data = self.client.execute(
            ORDER_FULFILL, {"order": order_id, "input": payload}, staff_token
        )
        return mutation_ok(data["orderFulfill"], "orderErrors")["order"]

    def plugin_update(self, staff_token, plugin_id, *, active=None, configuration=None):
        payload = {}
        if active is not None:
            payload["active"] = active
        if configuration is not None:
            payload["configuration"] = [
                {"name": name, "value": value} for name, value in configuration.items()
            ]
        data = self.client.execute(
            PLUGIN_UPDATE, {"id": plugin_id, "input": payload}, staff_token
        )
        return data["pluginUpdate"]
