"""make bench: storefront checkout and staff orderCapture, plugin on vs off.

A benchmark, not a test: it prints medians, ratios (on/off, same run,
alternating every iteration so drift hits both arms equally) and SQL queries
per call; it never passes or fails on seconds.  Two dispatch modes:
  broker  - tasks go to Redis (production), the request pays only the dispatch
  inline  - no broker, Celery runs tasks in the request (Saleor 2.10's default)
Environment: BENCH_ITERATIONS (default 25), DATABASE_URL (default local server).
"""
import logging
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loyalty_bench")

import django  # noqa: E402

django.setup()

# Saleor 2.10's wheel ships no e-mail templates, so its order e-mails fail inside
# Celery when tasks run inline; those expected tracebacks are not the benchmark.
logging.getLogger("celery.app.trace").setLevel(logging.CRITICAL)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.timing import (  # noqa: E402
    QueryCounter,
    alternate,
    broker_reachable,
    purge_broker,
    report,
)

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "25"))
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
CALLS = ("checkout flow", "checkoutComplete", "orderCapture", "Gold checkout flow")
# A Gold member (10% over $200, free shipping) whose rewards are applied automatically.
GOLD_LADDER = (
    '[{"name": "Gold", "basis": "orders", "threshold": 1000, "window": "lifetime",'
    ' "discount_percent": 10, "discount_min_order": 200, "free_shipping": true}]'
)


def prepare_database():
    """A fresh, migrated database for this run (dropped and recreated)."""
    from django.contrib.sites.models import Site
    from saleor.site.models import SiteSettings

    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    Site.objects.clear_cache()  # migrations cached a historical Site instance
    SiteSettings.objects.get_or_create(site=Site.objects.get_current())


def prepare_shop():
    from saleor.account.models import User
    from saleor.plugins.models import PluginConfiguration

    from demo.saleor2.shop import build_shop, create_staff
    from saleor_loyalty_plugin import PLUGIN_ID
    from saleor_loyalty_plugin.models import LoyaltyAccount

    shop = build_shop(stock=1_000_000)
    create_staff("bench-staff@example.com", "bench", ("order.manage_orders",))
    User.objects.create_user(email="bench-shopper@example.com", password="bench")
    PluginConfiguration.objects.create(
        identifier=PLUGIN_ID, name="Loyalty points", active=True,
        configuration=[{"name": "tiers", "value": GOLD_LADDER}],
    )
    gold = User.objects.create_user(email="bench-gold@example.com", password="bench")
    account = LoyaltyAccount.objects.create(user=gold, email=gold.email, channel="",
                                            tier_slug="gold", tier_floor_slug="gold")
    assert account.pk
    return shop


def set_plugin_active(active):
    from saleor.plugins.models import PluginConfiguration
    from saleor_loyalty_plugin import PLUGIN_ID

    PluginConfiguration.objects.filter(identifier=PLUGIN_ID).update(active=active)


class TimedHttp:
    """Django's test client, recording wall time and SQL queries per POST."""

    def __init__(self):
        self.client = Client()
        self.records = []

    def post(self, *args, **kwargs):
        body = args[1] if len(args) > 1 else ""
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = self.client.post(*args, **kwargs)
            elapsed = time.perf_counter() - started
        self.records.append((body, elapsed, counter.count))
        return response


def one_iteration(shop, tokens):
    from demo.saleor2.storefront import GraphQLClient, Storefront

    http = TimedHttp()
    storefront = Storefront(GraphQLClient(http))
    jacket = shop.variants["JACKET-WAXED"]
    order = storefront.checkout(
        [(jacket, 2)], token=tokens["shopper"], shipping_method=shop.shipping_method,
        payment_token="not-charged",
    )
    checkout_records = list(http.records)
    storefront.capture(tokens["staff"], order["id"], "236.00")
    capture_record = http.records[-1]
    flow_seconds = sum(seconds for _, seconds, _ in checkout_records)
    flow_queries = sum(queries for _, _, queries in checkout_records)
    complete = checkout_records[-1]
    http.records.clear()
    storefront.checkout([(jacket, 2)], token=tokens["gold"], shipping_method=shop.shipping_method)
    gold_seconds = sum(seconds for _, seconds, _ in http.records)
    gold_queries = sum(queries for _, _, queries in http.records)
    return {
        "checkout flow": (flow_seconds, flow_queries),
        "checkoutComplete": (complete[1], complete[2]),
        "orderCapture": (capture_record[1], capture_record[2]),
        "Gold checkout flow": (gold_seconds, gold_queries),
    }


def configure_celery(mode):
    """Saleor's Celery app reads these from Django settings at each use."""
    from django.conf import settings

    settings.CELERY_TASK_ALWAYS_EAGER = mode == "inline"
    if mode == "broker":
        settings.CELERY_BROKER_URL = BROKER_URL


def run_mode(mode, shop, tokens):
    configure_celery(mode)
    samples = alternate(lambda: one_iteration(shop, tokens), CALLS, ITERATIONS, set_plugin_active)
    if mode == "broker":
        purge_broker(BROKER_URL)
    return samples


def main():
    from demo.saleor2.storefront import GraphQLClient, Storefront

    prepare_database()
    shop = prepare_shop()
    login = Storefront(GraphQLClient(Client())).login
    tokens = {
        "shopper": login("bench-shopper@example.com", "bench"),
        "staff": login("bench-staff@example.com", "bench"),
        "gold": login("bench-gold@example.com", "bench"),
    }
    modes = ["broker", "inline"] if broker_reachable(BROKER_URL) else ["inline"]
    if "broker" not in modes:
        print("(Redis at %s not reachable: broker mode skipped)" % BROKER_URL)
    for mode in modes:
        title = "[%s] Saleor 2.10, %d iterations per arm, alternating plugin on/off" % (
            mode, ITERATIONS)
        report(title, run_mode(mode, shop, tokens), CALLS)
    print("\nratio = median with plugin active / median with plugin inactive; target <= 1.03")
    print("Gold checkout flow: with the plugin active the member's voucher is issued and applied"
          " (10% off / free shipping), so 'on' does more work than a plain checkout.")


if __name__ == "__main__":
    main()
