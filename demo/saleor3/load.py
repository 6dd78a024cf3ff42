"""Load the Saleor 3 demo shop through Saleor's own GraphQL API, then print how to use it.

Idempotent: a second run only prints the credentials again.  The loyalty
plugin is configured with ``pluginUpdate`` exactly as the dashboard saves it,
and orders are placed with real storefront checkouts (dummy gateway), so the
plugin awards the points itself, on commit, as in a real shop.
"""
import json
import os
import sys

import django

django.setup()

from django.contrib.sites.models import Site  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.test import Client  # noqa: E402
from saleor.account.models import Group, User  # noqa: E402
from saleor.permission.models import Permission  # noqa: E402

from demo.saleor3.shop import build_shop  # noqa: E402
from demo.saleor3.storefront import CHANNEL, GraphQLClient, Storefront  # noqa: E402

PLUGIN_ID = "saleor_loyalty_plugin"
# Where run.sh serves the demo (DEMO_HOST / DEMO_PORT), for the URLs printed below.
BASE_URL = "http://%s:%s" % (os.environ.get("DEMO_HOST", "127.0.0.1"),
                             os.environ.get("DEMO_PORT", "8000"))
STAFF = ("admin@example.com", "admin")
CUSTOMERS = [
    # email, password, what they bought (sku, quantity), what it shows
    ("alice@example.com", "alice-loyalty-1", [("JACKET-WAXED", 2)],
     "Silver once this $236 order is past its 14-day return window (tiers count kept"
     " orders); 216 pending points (shipping earns none);"
     " 1,000 available welcome points to pay with (100 points = $1)"),
    ("bob@example.com", "bob-loyalty-1", [("BAG-WEEKENDER", 1), ("TEE-ORGANIC", 5)],
     "5% threshold discount on a $290 order (paid $276.50, 256 pending points);"
     " Tee club card full: a free-tee voucher"),
    ("dave@example.com", "dave-loyalty-1", [("VIP-ANNUAL", 1)],
     "bought the VIP membership ($49, 49 pending points): Gold for a year"
     " (10% off over $200, free shipping)"),
    ("carol@example.com", "carol-loyalty-1", [], "no orders yet"),
]
WELCOME_BONUS = 1000
TIERS = [
    {"name": "Silver", "basis": "money_spent", "threshold": 100, "window": "rolling_12_months",
     "earn_multiplier": 1.25},
    {"name": "Gold", "basis": "money_spent", "threshold": 1000, "window": "rolling_12_months",
     "earn_multiplier": 1.5, "discount_percent": 10, "discount_min_order": 200,
     "free_shipping": True, "grace_days": 30},
]
PUNCH_CARDS = [{"name": "Tee club", "product_sku": "TEE-ORGANIC", "goal": 5}]
LOYALTY_CONFIGURATION = {
    "points_per_currency_unit": "1",
    "award_trigger": "order_fully_paid",
    "pending_days": "14",
    "rounding": "down",
    "include_shipping": "false",
    "tiers": json.dumps(TIERS),
    "threshold_discount_percent": "5",
    "threshold_discount_min_order": "250",
    "max_discount_percent": "30",
    "redeem_points_per_currency_unit": "100",
    "redeem_min_points": "500",
    "redeem_step": "100",
    "redeem_max_order_percent": "50",
    "vip_membership_sku": "VIP-ANNUAL",
    "vip_membership_tier": "gold",
    "vip_membership_months": "12",
    "punch_cards": json.dumps(PUNCH_CARDS),
    # The after-sale journey, mailed to the demo's catcher (read it at /mail/).
    "journey_thank_you": "true",
    "journey_follow_up": "true",
    "journey_next_purchase": "true",
    "journey_tier_notices": "true",
    "mail_sender": "Loyal Goods <hello@loyal-goods.example>",
}
ADJUST = """
mutation Bonus($email: String!, $points: Int!) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: "Welcome bonus",
                      channel: "%s", idempotencyKey: "demo-welcome") {
    errors { field code message }
  }
}""" % CHANNEL


def migrate():
    """Apply Saleor's and the plugin's migrations; a quick no-op once applied."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        print("Migrating the database: %d migrations (about 3 minutes the first time)..."
              % len(plan), flush=True)
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        # Migrations leave a historical Site cached; Saleor's resolvers need the real one.
        Site.objects.clear_cache()


def create_staff(email, password):
    """A superuser in a full-access group, as Saleor's own createsuperuser flow leaves it."""
    staff = User.objects.create(email=email, is_staff=True, is_superuser=True, is_active=True,
                                is_confirmed=True)
    staff.set_password(password)
    staff.save(update_fields=["password"])
    group, _ = Group.objects.get_or_create(
        name="Full Access", defaults={"restricted_access_to_channels": False}
    )
    group.permissions.add(*Permission.objects.all())
    staff.groups.add(group)
    return staff


def load():
    """Build the shop once; False when it is already there."""
    emails = [STAFF[0]] + [customer[0] for customer in CUSTOMERS]
    present = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    if len(present) == len(emails):
        return False
    if present:
        sys.exit(
            "The demo database holds a half-loaded shop (%s). Start afresh: stop the demo, "
            "rm -rf .demo/pgdata (or drop the database), then run it again." % ", ".join(sorted(present))
        )
    client = GraphQLClient(Client())
    storefront = Storefront(client)
    create_staff(*STAFF)
    staff_token = storefront.login(*STAFF)
    shop = build_shop(client, staff_token)
    storefront.plugin_update(staff_token, PLUGIN_ID, shop.channel_id, active=True,
                             configuration=LOYALTY_CONFIGURATION)
    for email, password, basket, _ in CUSTOMERS:
        storefront.register(email, password)
        if basket:
            token = storefront.login(email, password)
            lines = [(shop.variants[sku], quantity) for sku, quantity in basket]
            storefront.checkout(lines, token=token)
    client.mutate(ADJUST, {"email": CUSTOMERS[0][0], "points": WELCOME_BONUS}, staff_token)
    return True


def print_guide(created):
    email, password = CUSTOMERS[0][:2]
    query = (
        "{ me { email } myLoyalty { pointsBalance pendingPoints lifetimePoints tier { name }"
        " nextTier { name } progressToNextTier { remaining percent }"
        " availableRewards { kind label code } punchCards { name progress goal freeUnitCodes }"
        " transactions(first: 5) { edges { node { kind points status reason availableAt"
        " order { number } } } } } }"
    )
    lines = [
        "",
        "Staff (dashboard, all permissions): %s / %s" % STAFF,
        "",
        "Demo shop %s (Saleor 3 + loyalty plugin, channel %s)."
        % ("loaded" if created else "already loaded", CHANNEL),
        "  Dashboard:  %s/dashboard/   (Extensions > Installed > Loyalty points)" % BASE_URL,
        "  GraphQL:    %s/graphql/     (Saleor + loyalty fields; playground on GET)" % BASE_URL,
        "  Storefront: %s/storefront/  (sign in as a customer below, add to cart, pay part with"
        " points in the rewards widget, place the order, see the points arrive)" % BASE_URL,
        "",
    ]
    lines += ["  customer %s / %s: %s" % (e, p, what) for e, p, _, what in CUSTOMERS]
    lines += [
        "  products: Waxed Field Jacket $108, Merino Crew Sweater $64, Canvas Weekender Bag $150,"
        " Organic Cotton Tee $24, VIP membership (SKU VIP-ANNUAL) $49; shipping $20 (US)",
        "  payments: dummy gateway mirumee.payments.dummy, token 'charged'",
        "",
        "See %s's points through the one endpoint (paste once the server is up):" % email,
        "",
        "TOKEN=$(curl -s %s/graphql/ -H 'Content-Type: application/json' \\" % BASE_URL,
        "  -d '{\"query\":\"mutation{tokenCreate(email:\\\"%s\\\",password:\\\"%s\\\"){token}}\"}' \\"
        % (email, password),
        "  | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"data\"][\"tokenCreate\"][\"token\"])')",
        "curl -s %s/graphql/ -H 'Content-Type: application/json' \\" % BASE_URL,
        "  -H \"Authorization: Bearer $TOKEN\" \\",
        "  -d '{\"query\":\"%s\"}'" % query,
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    migrate()
    print_guide(load())
