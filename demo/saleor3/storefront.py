"""Talks to Saleor 3 over GraphQL exactly as a storefront and the dashboard do.

``GraphQLClient`` posts JSON to ``/graphql/`` through any object with Django's
test-client ``post`` signature (``Authorization: Bearer <token>``); the flows
below are a storefront's (accountRegister, tokenCreate, checkoutCreate →
delivery method → dummy payment → checkoutComplete) and the dashboard's
(pluginUpdate).
"""
from ..common import US_ADDRESS, GraphQLClient, GraphQLError  # noqa: F401  (shared)

DUMMY_GATEWAY = "mirumee.payments.dummy"
CHANNEL = "default-channel"
REDIRECT_URL = "http://127.0.0.1:8000/account-confirm/"


ERRORS = "errors { field code message }"
REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email isActive } requiresConfirmation %s }
}""" % ERRORS
TOKEN_CREATE = """
mutation Login($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token %s }
}""" % ERRORS
CHECKOUT_CREATE = """
mutation CheckoutCreate($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id shippingMethods { id name } }
    %s
  }
}""" % ERRORS
CHECKOUT_DELIVERY = """
mutation Delivery($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { id voucherCode discount { amount } totalPrice { gross { amount currency } } }
    %s
  }
}""" % ERRORS
CHECKOUT_TOTAL = """
query Checkout($id: ID!) {
  checkout(id: $id) { id voucherCode totalPrice { gross { amount currency } } }
}"""
CHECKOUT_PAYMENT = """
mutation Pay($id: ID!, $input: PaymentInput!) {
  checkoutPaymentCreate(id: $id, input: $input) { payment { id chargeStatus } %s }
}""" % ERRORS
CHECKOUT_COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status paymentStatus voucherCode total { gross { amount currency } } }
    %s
  }
}""" % ERRORS
PLUGIN_UPDATE = """
mutation PluginUpdate($id: ID!, $channelId: ID, $input: PluginUpdateInput!) {
  pluginUpdate(id: $id, channelId: $channelId, input: $input) {
    plugin { id channelConfigurations { active channel { slug } } }
    %s
  }
}""" % ERRORS


class Storefront:
    """Shopper and dashboard flows over one GraphQL client."""

    def __init__(self, client: GraphQLClient, channel: str = CHANNEL):
        self.client = client
        self.channel = channel

    def register(self, email, password):
        payload = {"email": email, "password": password, "redirectUrl": REDIRECT_URL,
                   "channel": self.channel}
        return self.client.mutate(REGISTER, {"input": payload})["user"]

    def login(self, email, password):
        return self.client.mutate(TOKEN_CREATE, {"email": email, "password": password})["token"]

    def checkout(self, lines, *, token, payment_token="charged"):
        """Create → address → delivery method → dummy payment → complete; returns the order.

        ``lines`` are (variant global id, quantity) pairs.
        """
        created = self.client.mutate(CHECKOUT_CREATE, {"input": {
            "channel": self.channel,
            "lines": [{"variantId": variant, "quantity": quantity} for variant, quantity in lines],
            "shippingAddress": US_ADDRESS,
            "billingAddress": US_ADDRESS,
        }}, token)["checkout"]
        checkout_id = created["id"]
        if created["shippingMethods"]:
            self.client.mutate(
                CHECKOUT_DELIVERY,
                {"id": checkout_id, "method": created["shippingMethods"][0]["id"]},
                token,
            )
        # Read the total afresh: the plugin's checkout hooks may have applied a reward.
        checkout = self.client.execute(CHECKOUT_TOTAL, {"id": checkout_id}, token)["checkout"]
        amount = checkout["totalPrice"]["gross"]["amount"]
        self.client.mutate(CHECKOUT_PAYMENT, {"id": checkout_id, "input": {
            "gateway": DUMMY_GATEWAY, "token": payment_token, "amount": amount}}, token)
        return self.client.mutate(CHECKOUT_COMPLETE, {"id": checkout_id}, token)["order"]

    def plugin_update(self, staff_token, plugin_id, channel_id, *, active, configuration):
        items = [{"name": name, "value": value} for name, value in configuration.items()]
        return self.client.mutate(
            PLUGIN_UPDATE,
            {"id": plugin_id, "channelId": channel_id,
             "input": {"active": active, "configuration": items}},
            staff_token,
        )["plugin"]
