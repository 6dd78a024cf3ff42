"""make bench (Saleor 3.23): the storefront's checkout to a paid order, plugin on vs off.

A benchmark, not a test: it prints medians, ratios (plugin active / inactive in
the same run, alternating every iteration so drift hits both arms alike) and
SQL queries per call; it never passes or fails on seconds.  The calls are the
ones a storefront and the dashboard make over Saleor's own ``/graphql/``:
  storefront walk  checkoutCreate -> delivery method -> checkout (total) ->
                   checkoutPaymentCreate (dummy gateway) -> checkoutComplete
  offline payment  an unpaid checkout completed, then staff orderMarkAsPaid + orderConfirm
  Gold walk        the storefront walk by a Gold member (10% over $200, free shipping),
                   whose voucher the plugin applies on its own
Two dispatch modes: ``broker`` (tasks to Redis, as in production: the request
pays for the dispatch) and ``inline`` (no broker: Celery runs the loyalty work
inside the request).  Environment: BENCH_ITERATIONS (default 15), DATABASE_URL
(default a local ``loyalty_bench3``, migrated and loaded once, then reused).
"""
import os
import time

# The demo shop's settings (dummy gateway, one /graphql/), whatever the caller exported.
os.environ["DJANGO_SETTINGS_MODULE"] = "demo.saleor3.settings"
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loyalty_bench3")
os.environ.setdefault("LOYALTY_DEMO_DIR", os.path.abspath(".bench/saleor3"))
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.timing import (  # noqa: E402
    QueryCounter,
    alternate,
    broker_reachable,
    purge_broker,
    report,
)
from demo.saleor3 import storefront as sf  # noqa: E402

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "15"))
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
STAFF = ("bench-staff@example.com", "bench-password")
SHOPPER = ("bench-shopper@example.com", "bench-password")
GOLD = ("bench-gold@example.com", "bench-password")
LADDER = (
    '[{"name": "Gold", "basis": "orders", "threshold": 1000, "window": "lifetime",'
    ' "discount_percent": 10, "discount_min_order": 200, "free_shipping": true}]'
)
ROWS = ("checkoutCreate", "delivery method", "checkoutComplete", "storefront walk",
        "orderMarkAsPaid+orderConfirm", "Gold walk")
MARK_AS_PAID = """
mutation Paid($id: ID!) { orderMarkAsPaid(id: $id) { order { id status } %s } }""" % sf.ERRORS
CONFIRM = """
mutation Confirm($id: ID!) { orderConfirm(id: $id) { order { id status } %s } }""" % sf.ERRORS


def create_database_if_missing():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    params = {"host": db["HOST"] or None, "port": db["PORT"] or None, "user": db["USER"],
              "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                         [db["NAME"]]).fetchone() is None:
            admin.execute('CREATE DATABASE "%s"' % db["NAME"])


def prepare_database():
    """Create and migrate the database, and load the bench shop; each step once."""
    from demo.saleor3.load import migrate

    create_database_if_missing()
    migrate()
    load_shop()


def load_shop():
    """Staff, catalogue, plugin, a shopper and a Gold member: whatever is still missing."""
    from saleor.account.models import User
    from saleor.channel.models import Channel
    from saleor.product.models import ProductVariant

    from demo.saleor3.load import PLUGIN_ID, create_staff
    from demo.saleor3.shop import CHANNEL_QUERY, build_shop
    from saleor_loyalty_plugin.ledger.models import LoyaltyAccount

    client = sf.GraphQLClient(Client())
    storefront = sf.Storefront(client)
    staff = User.objects.filter(email=STAFF[0]).first() or create_staff(*STAFF)
    staff.set_password(STAFF[1])
    staff.save(update_fields=["password"])
    staff_token = storefront.login(*STAFF)
    if not ProductVariant.objects.filter(sku="JACKET-WAXED").exists():
        build_shop(client, staff_token)
    channel_id = client.execute(CHANNEL_QUERY, {"slug": sf.CHANNEL}, staff_token)["channel"]["id"]
    storefront.plugin_update(staff_token, PLUGIN_ID, channel_id, active=True,
                             configuration={"tiers": LADDER})
    for email, password in (SHOPPER, GOLD):
        if not User.objects.filter(email=email).exists():
            storefront.register(email, password)
    gold = User.objects.get(email=GOLD[0])
    LoyaltyAccount.objects.get_or_create(
        user=gold, channel=sf.CHANNEL,
        defaults={"email": gold.email, "tier_slug": "gold", "tier_floor_slug": "gold"})
    # The offline-payment flow completes unpaid checkouts, as a shop taking bank transfers does.
    Channel.objects.filter(slug=sf.CHANNEL).update(allow_unpaid_orders=True)


def jacket_variant_id():
    from graphql_relay import to_global_id
    from saleor.product.models import ProductVariant

    return to_global_id("ProductVariant", ProductVariant.objects.get(sku="JACKET-WAXED").pk)


def set_plugin_active(active):
    from saleor.plugins.models import PluginConfiguration

    from saleor_loyalty_plugin import PLUGIN_ID

    PluginConfiguration.objects.filter(identifier=PLUGIN_ID).update(active=active)


class TimedHttp:
    """Django's test client, recording (operation, seconds, SQL queries) per POST."""

    def __init__(self):
        self.client = Client()
        self.records = []

    def post(self, path, body, **kwargs):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = self.client.post(path, body, **kwargs)
            elapsed = time.perf_counter() - started
        self.records.append((body, elapsed, counter.count))
        return response

    def take(self):
        records, self.records = self.records, []
        return records


def _total(records):
    return sum(seconds for _, seconds, _ in records), sum(queries for _, _, queries in records)


def _call(records, operation):
    (record,) = [r for r in records if '"%s' % operation in r[0] or operation in r[0][:80]]
    return record[1], record[2]


def checkout_unpaid(client, variant, token):
    """A storefront checkout completed without a payment (bank transfer, cash on delivery)."""
    created = client.mutate(sf.CHECKOUT_CREATE, {"input": {
        "channel": sf.CHANNEL, "lines": [{"variantId": variant, "quantity": 2}],
        "shippingAddress": sf.US_ADDRESS, "billingAddress": sf.US_ADDRESS,
    }}, token)["checkout"]
    client.mutate(sf.CHECKOUT_DELIVERY,
                  {"id": created["id"], "method": created["shippingMethods"][0]["id"]}, token)
    return client.mutate(sf.CHECKOUT_COMPLETE, {"id": created["id"]}, token)["order"]


def one_iteration(variant, tokens):
    http = TimedHttp()
    client = sf.GraphQLClient(http)
    storefront = sf.Storefront(client)
    storefront.checkout([(variant, 2)], token=tokens["shopper"])
    walk = http.take()
    results = {
        "checkoutCreate": _call(walk, "mutation CheckoutCreate"),
        "delivery method": _call(walk, "mutation Delivery"),
        "checkoutComplete": _call(walk, "mutation Complete"),
        "storefront walk": _total(walk),
    }
    order = checkout_unpaid(client, variant, tokens["shopper"])
    http.take()
    client.mutate(MARK_AS_PAID, {"id": order["id"]}, tokens["staff"])
    client.mutate(CONFIRM, {"id": order["id"]}, tokens["staff"])
    results["orderMarkAsPaid+orderConfirm"] = _total(http.take())
    storefront.checkout([(variant, 2)], token=tokens["gold"])
    results["Gold walk"] = _total(http.take())
    return results


def configure_celery(mode):
    """Saleor's Celery app reads these from Django settings at each use."""
    from django.conf import settings

    settings.CELERY_TASK_ALWAYS_EAGER = mode == "inline"
    if mode == "broker":
        settings.CELERY_BROKER_URL = BROKER_URL


def run_mode(mode, variant, tokens):
    configure_celery(mode)
    samples = alternate(lambda: one_iteration(variant, tokens), ROWS, ITERATIONS, set_plugin_active)
    if mode == "broker":
        purge_broker(BROKER_URL)
    return samples


def main():
    prepare_database()
    login = sf.Storefront(sf.GraphQLClient(Client())).login
    tokens = {"shopper": login(*SHOPPER), "staff": login(*STAFF), "gold": login(*GOLD)}
    variant = jacket_variant_id()
    modes = ["broker", "inline"] if broker_reachable(BROKER_URL) else ["inline"]
    if "broker" not in modes:
        print("(Redis at %s not reachable: broker mode skipped)" % BROKER_URL)
    for mode in modes:
        title = "[%s] Saleor 3.23, %d iterations per arm, alternating plugin on/off" % (
            mode, ITERATIONS)
        report(title, run_mode(mode, variant, tokens), ROWS)
    print("\nratio = median with the plugin active / median with it inactive (goal: <= 1.02"
          " with a broker, <= 1.10 inline).")
    print("Gold walk: with the plugin active the member's voucher is applied (10% off, free"
          " shipping), work the inactive arm never does.")


if __name__ == "__main__":
    main()
