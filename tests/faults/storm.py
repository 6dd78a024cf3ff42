"""The storm: hundreds of concurrent loyalty operations on a few accounts (run in a subprocess).

Against the live shop's database, with real threads and one database
connection each: shoppers redeem points on several checkouts at once, cancel
redemptions, complete their checkouts; staff adjust points (some retries
reuse an idempotency key) and cancel or refund orders; every order's sync is
delivered several times and out of order.  Every call goes through Saleor's
GraphQL endpoint (Django's test client, in this process) except the duplicated
sync deliveries, which run the Celery task itself.  Prints one JSON line: the
operations run and every answer that was not a clean success or a clean
refusal.  ``python -m tests.faults.storm SEED``
"""
import json
import logging
import random
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import django

django.setup()
# Saleor logs an unhandled error's traceback here; the test shows it on failure.
logging.getLogger("saleor.graphql.errors.unhandled").addHandler(logging.StreamHandler())

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from graphql_relay import from_global_id  # noqa: E402

from demo.saleor3.storefront import CHANNEL, US_ADDRESS, GraphQLClient, Storefront  # noqa: E402
from demo.saleor3.load import PLUGIN_ID  # noqa: E402
from demo.saleor3.shop import CHANNEL_QUERY  # noqa: E402
from tests.faults.load_live_shop import STAFF  # noqa: E402

CUSTOMERS = 4
CHECKOUTS_EACH = 6
OPERATIONS = 400
THREADS = 12
START_POINTS = 20000
# Refusals a shopper or staff may legitimately get in a storm.
CLEAN_REFUSALS = {"INSUFFICIENT_POINTS", "NOT_FOUND", "INVALID"}
# Refusals Saleor gives a shopper racing themselves: another thread completed the
# checkout, is completing it, or changed its total (a redemption) after the payment
# (or between reading the total and paying it: PARTIAL_PAYMENT_NOT_ALLOWED).
RACE_REFUSALS = {"NOT_FOUND", "CHECKOUT_COMPLETION_IN_PROGRESS", "CHECKOUT_NOT_FULLY_PAID",
                 "PARTIAL_PAYMENT_NOT_ALLOWED"}
# Refusals Saleor gives staff acting on an order another thread already cancelled or
# refunded in full.
ORDER_REFUSALS = {"CANNOT_CANCEL_ORDER", "CANNOT_REFUND", "PAYMENT_ERROR"}

REDEEM = """
mutation Redeem($checkoutId: ID!, $points: Int!) {
  loyaltyRedeemPoints(checkoutId: $checkoutId, points: $points) {
    redemption { points } errors { field code message } } }"""
CANCEL_REDEMPTION = """
mutation Cancel($checkoutId: ID!) {
  loyaltyCancelRedemption(checkoutId: $checkoutId) { errors { field code message } } }"""
ADJUST = """
mutation Adjust($email: String!, $points: Int!, $key: String) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Storm", idempotencyKey: $key,
                      channel: "%s") { errors { field code message } } }""" % CHANNEL
PAY = """
mutation Pay($id: ID!, $amount: PositiveDecimal!) {
  checkoutPaymentCreate(id: $id, input: {gateway: "mirumee.payments.dummy", token: "charged",
                                         amount: $amount}) { errors { field code message } } }"""
TOTAL = "query T($id: ID!) { checkout(id: $id) { totalPrice { gross { amount } } } }"
EXISTS = "query E($id: ID!) { checkout(id: $id) { id } }"
# Saleor racing itself, no plugin code in the traceback: a `checkout` query or
# checkoutPaymentCreate that loaded the checkout just before another thread's
# checkoutComplete deleted it (and its CheckoutDelivery) fails with
# "CheckoutDelivery matching query does not exist" (Saleor 3.23
# checkout/fetch.py get_delivery_method_info).  A client asks again and finds
# the checkout gone; the storm does the same, for these two calls only.
SALEOR_COMPLETION_RACE = {"total", "pay"}
COMPLETE = """
mutation Complete($id: ID!) { checkoutComplete(id: $id) {
  order { id } errors { field code message } } }"""
ORDER_CANCEL = """
mutation Cancel($id: ID!) { orderCancel(id: $id) { errors { field code message } } }"""
ORDER_REFUND = """
mutation Refund($id: ID!, $amount: PositiveDecimal!) {
  orderRefund(id: $id, amount: $amount) { errors { field code message } } }"""
JACKET = 'query { productVariant(sku: "JACKET-WAXED", channel: "%s") { id } }' % CHANNEL
CHECKOUT_CREATE = """
mutation C($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { id shippingMethods { id } } errors { field code message } } }"""
DELIVERY = """
mutation D($id: ID!, $method: ID!) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
  errors { field code message } } }"""

_local = threading.local()
problems = []
orders = []
outcomes = {}  # "op:codes" -> how many, so the test sees that each kind really ran
_lock = threading.Lock()


def client():
    """One test client (and so one database connection) per thread."""
    if not hasattr(_local, "client"):
        _local.client = GraphQLClient(Client(raise_request_exception=True))
    return _local.client


def call(what, query, variables, token):
    """Run one call; record anything but a success or a clean refusal."""
    try:
        status, body = client().raw(query, variables, token)
    except Exception as error:  # an unhandled exception in the server: a 500
        with _lock:
            problems.append({"op": what, "exception": repr(error)})
        return None
    if status != 200 or body.get("errors"):
        if what in SALEOR_COMPLETION_RACE and _lost_to_completion(body, variables["id"], token):
            with _lock:
                outcomes[what + ":gone"] = outcomes.get(what + ":gone", 0) + 1
            return None
        with _lock:
            problems.append({"op": what, "status": status, "errors": body.get("errors")})
        return None
    (payload,) = body["data"].values()
    codes = {error["code"] for error in (payload or {}).get("errors") or []}
    with _lock:
        outcome = "%s:%s" % (what, ",".join(sorted(codes)) or "ok")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    allowed = {"pay": RACE_REFUSALS, "complete": RACE_REFUSALS, "order": ORDER_REFUSALS}
    if what == "pay" and "NO_CHECKOUT_LINES" in codes and _gone(variables["id"], token):
        codes = codes - {"NO_CHECKOUT_LINES"}
    if codes - allowed.get(what, CLEAN_REFUSALS):
        with _lock:
            problems.append({"op": what, "payload": payload})
    return payload


def _lost_to_completion(body, checkout_id, token) -> bool:
    """Only a DoesNotExist from Saleor while the checkout was being completed, and the
    checkout really is gone when asked again."""
    codes = {((error.get("extensions") or {}).get("exception") or {}).get("code")
             for error in body.get("errors") or []}
    if codes != {"DoesNotExist"}:
        return False
    return _gone(checkout_id, token)


def _gone(checkout_id, token) -> bool:
    """The checkout no longer exists: another thread's checkoutComplete turned it into an
    order.  A payment that loaded the checkout while that completion was deleting its lines
    is refused by Saleor with NO_CHECKOUT_LINES (every storm checkout has lines, and nothing
    in the storm removes them), which is the same race seen one step later."""
    status, again = client().raw(EXISTS, {"id": checkout_id}, token)
    return status == 200 and not again.get("errors") and again["data"]["checkout"] is None


def setup():
    store = Storefront(client())
    staff = store.login(*STAFF)
    # the merchant lets shoppers pay with points: 100 points = $1, up to half the goods
    channel_id = client().execute(CHANNEL_QUERY, {"slug": CHANNEL}, staff)["channel"]["id"]
    store.plugin_update(staff, PLUGIN_ID, channel_id, active=True, configuration={
        "pending_days": "14", "redeem_points_per_currency_unit": "100",
        "redeem_min_points": "500", "redeem_step": "100", "redeem_max_order_percent": "50"})
    variant = client().execute(JACKET)["productVariant"]["id"]
    shoppers = []
    for number in range(CUSTOMERS):
        email = "storm-%d@example.com" % number
        store.register(email, "storm-password-1")
        token = store.login(email, "storm-password-1")
        client().mutate(ADJUST, {"email": email, "points": START_POINTS,
                                 "key": "storm-start-%d" % number}, staff)
        checkouts = []
        for _ in range(CHECKOUTS_EACH):
            created = client().mutate(CHECKOUT_CREATE, {"input": {
                "channel": CHANNEL, "lines": [{"variantId": variant, "quantity": 2}],
                "shippingAddress": US_ADDRESS, "billingAddress": US_ADDRESS}}, token)["checkout"]
            client().mutate(DELIVERY, {"id": created["id"],
                                       "method": created["shippingMethods"][0]["id"]}, token)
            checkouts.append(created["id"])
        shoppers.append((email, token, checkouts))
    return staff, shoppers


def complete(token, checkout_id):
    checkout = call("total", TOTAL, {"id": checkout_id}, token)
    if checkout is None:
        return  # already completed by another thread: the checkout is gone
    amount = checkout["totalPrice"]["gross"]["amount"]
    if call("pay", PAY, {"id": checkout_id, "amount": amount}, token) is None:
        return
    payload = call("complete", COMPLETE, {"id": checkout_id}, token)
    if payload and payload.get("order"):
        with _lock:
            orders.append(payload["order"]["id"])


def deliver_sync_again(order_global_id):
    """One more (duplicated, out-of-order) delivery of the order's sync task."""
    from saleor_loyalty_plugin.tasks import sync_order_points_task

    try:
        sync_order_points_task.apply(args=[from_global_id(order_global_id)[1]], throw=True)
    except Exception as error:
        with _lock:
            problems.append({"op": "sync", "exception": repr(error)})


def operation(rng, staff, shoppers):
    """One random operation, run in whichever thread takes it (its own random stream)."""
    email, token, checkouts = rng.choice(shoppers)
    checkout_id = rng.choice(checkouts)
    kind = rng.choices(["redeem", "cancel", "adjust", "complete", "order", "sync"],
                       [40, 15, 15, 8, 8, 14])[0]
    if kind == "redeem":
        return lambda: call("redeem", REDEEM, {"checkoutId": checkout_id,
                                               "points": rng.choice(range(500, 6000, 500))},
                            token)
    if kind == "cancel":
        return lambda: call("cancel", CANCEL_REDEMPTION, {"checkoutId": checkout_id}, token)
    if kind == "adjust":
        points = rng.choice([-3000, -500, 250, 1000])
        key = "storm-adjust-%d" % rng.randrange(40)  # retries reuse keys
        return lambda: call("adjust", ADJUST, {"email": email, "points": points, "key": key},
                            staff)
    if kind == "complete":
        return lambda: complete(token, checkout_id)
    return lambda: on_an_order(rng, kind, staff)


def on_an_order(rng, kind, staff):
    """Staff act on, or the sync is delivered again for, an order placed so far."""
    with _lock:
        placed = list(orders)
    if not placed:
        return
    order_id = rng.choice(placed)
    if kind == "sync":
        deliver_sync_again(order_id)
    elif rng.random() < 0.5:
        call("order", ORDER_CANCEL, {"id": order_id}, staff)
    else:
        call("order", ORDER_REFUND, {"id": order_id, "amount": rng.choice(["20", "54", "108"])},
             staff)


def main(seed: int):
    staff, shoppers = setup()
    connection.close()

    def run(task):
        try:
            task()
        finally:
            from django.db import connection as own

            own.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for future in [pool.submit(run, operation(random.Random(seed * 100003 + number),
                                                  staff, shoppers))
                       for number in range(OPERATIONS)]:
            future.result()
        # every placed order's sync, delivered again several times at once
        for future in [pool.submit(run, lambda o=o: deliver_sync_again(o))
                       for o in orders for _ in range(3)]:
            future.result()
    print(json.dumps({"operations": OPERATIONS, "orders": len(orders), "problems": problems, "outcomes": outcomes,
                      "emails": [email for email, _, _ in shoppers]}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
