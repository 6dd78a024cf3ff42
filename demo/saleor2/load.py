"""Load the demo shop through Saleor's own GraphQL API, then print how to use it.

Idempotent: a second run only prints the credentials again.  Orders are
placed with real storefront checkouts so the plugin awards the points itself.
"""

import django

django.setup()

from django.contrib.sites.models import Site  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from saleor.account.models import User  # noqa: E402
from saleor.site.models import SiteSettings  # noqa: E402

from demo.saleor2.shop import build_shop, create_staff  # noqa: E402
from demo.saleor2.storefront import GraphQLClient, Storefront  # noqa: E402
from saleor_loyalty_plugin import PLUGIN_ID  # noqa: E402

STAFF = ("admin@example.com", "admin")
CUSTOMERS = [
    # email, password, what they bought (sku, quantity)
    ("alice@example.com", "alice-loyalty-1", [("JACKET-WAXED", 2)]),
    ("bob@example.com", "bob-loyalty-1", [("BAG-WEEKENDER", 1), ("TEE-ORGANIC", 2)]),
    ("carol@example.com", "carol-loyalty-1", []),
]
ADJUST = """
mutation Bonus($email: String!) {
  loyaltyAdjustPoints(email: $email, points: 100, reason: "Welcome bonus",
                      idempotencyKey: "demo-welcome") { errors { field code message } }
}"""


@transaction.atomic
def load():
    """Everything or nothing: a failed load leaves no half-built shop behind.

    The plugin's on-commit dispatch runs when this block commits, so the
    points are awarded exactly as after a real checkout.
    """
    site = Site.objects.get_current()
    site.domain, site.name = "127.0.0.1:8000", "Loyal Goods Co."
    site.save()
    SiteSettings.objects.get_or_create(site=site)
    storefront = Storefront(GraphQLClient(Client()))
    if User.objects.filter(email=STAFF[0]).exists():
        return False
    shop = build_shop()
    admin = create_staff(*STAFF)
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    staff_token = storefront.login(*STAFF)
    result = storefront.plugin_update(
        staff_token, PLUGIN_ID, active=True,
        configuration={"points_per_currency_unit": "1", "pending_days": "14",
                       "award_trigger": "order_fully_paid", "rounding": "down"},
    )
    assert result["pluginsErrors"] == [], result
    for email, password, basket in CUSTOMERS:
        storefront.register(email, password)
        token = storefront.login(email, password)
        if basket:
            lines = [(shop.variants[sku], quantity) for sku, quantity in basket]
            storefront.checkout(lines, token=token, shipping_method=shop.shipping_method)
    storefront.client.execute(ADJUST, {"email": CUSTOMERS[0][0]}, staff_token)
    return True


def print_guide(created):
    email, password, _ = CUSTOMERS[0]
    lines = [
        "",
        "Demo shop %s. Saleor + loyalty GraphQL: http://127.0.0.1:8000/graphql/"
        % ("loaded" if created else "already loaded"),
        "  staff (all permissions): %s / %s" % STAFF,
    ]
    lines += ["  customer: %s / %s" % (e, p) for e, p, _ in CUSTOMERS]
    lines += [
        "  products: Waxed Field Jacket $108, Canvas Weekender Bag $150, Merino Crew Sweater $64,"
        " Organic Cotton Tee $24, VIP membership (SKU VIP-ANNUAL) $49; shipping $20 (two jackets = $236)",
        "",
        "See %s's points (paste into a shell once the server is up):" % email,
        "",
        "TOKEN=$(curl -s http://127.0.0.1:8000/graphql/ -H 'Content-Type: application/json' \\",
        "  -d '{\"query\":\"mutation{tokenCreate(email:\\\"%s\\\",password:\\\"%s\\\"){token}}\"}' \\"
        % (email, password),
        "  | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"data\"][\"tokenCreate\"][\"token\"])')",
        "curl -s http://127.0.0.1:8000/graphql/ -H 'Content-Type: application/json' \\",
        "  -H \"Authorization: JWT $TOKEN\" \\",
        "  -d '{\"query\":\"{ myLoyalty { pointsBalance pendingPoints lifetimePoints"
        " transactions(first: 5) { edges { node { kind points status reason availableAt"
        " order { number } } } } } }\"}'",
        "",
        "Expected: pointsBalance 100 (welcome bonus), pendingPoints 216 (two jackets, $236 less"
        " $20 shipping), available after the 14-day return window.",
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    print_guide(load())
