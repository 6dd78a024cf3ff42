"""Paying with points at checkout, through the storefront's GraphQL API (Saleor 2.10):
combined with the tier discount, capped to the configured share; bad amounts, someone
else's checkout and a second simultaneous redemption of the same points are refused, and
redeeming again replaces the first redemption. The points' gift card:
test_redemption_card.py; points coming back: test_redemption_returns.py."""
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from demo.saleor2.storefront import GraphQLClient

from .queries import ADJUST, my_loyalty
from .redemption_helpers import REDEEM_RULES, another_checkout, redeem, total_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_redeeming_500_points_combines_with_the_tier_discount_and_earns_nothing_on_it(
    storefront, graphql, shop, member_with_points, staff_token
):
    # given: Gold (10% over $200) and 800 points; 100 points = $1
    token = member_with_points.token
    graphql.execute("""mutation { loyaltySetTier(email: "%s", tier: "gold", reason: "VIP")
                       { errors { field } } }""" % member_with_points.email, token=staff_token)
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)
    storefront.choose_shipping(checkout["id"], shop.shipping_method, token=token)

    # when
    result = redeem(graphql, token, checkout["id"], 500)
    total = total_of(graphql, checkout, token)
    order = storefront.pay_and_complete(checkout["id"], float(total), token=token)

    # then: $216 - 10% ($21.60) - $5.00 of points + $20 shipping
    assert result["errors"] == []
    assert result["redemption"] == {"points": 500, "amount": 5.0, "currency": "USD", "state": "HELD"}
    assert result["account"]["pointsBalance"] == 300
    assert total == Decimal("209.40")
    assert Decimal(str(order["discount"]["amount"])) == Decimal("21.60")
    loyalty = my_loyalty(graphql, token)
    # points on money actually paid: $209.40 - $20 shipping (the $5 of points earns nothing)
    assert loyalty["pendingPoints"] == 189
    kinds = [e["node"]["kind"] for e in loyalty["transactions"]["edges"]]
    assert kinds[:2] == ["EARN", "REDEEM"]

    # when: the order is cancelled
    storefront.cancel(staff_token, order["id"])

    # then: the 500 points come back and the earned ones go
    loyalty = my_loyalty(graphql, token)
    assert (loyalty["pointsBalance"], loyalty["pendingPoints"]) == (800, 0)


@pytest.mark.parametrize(
    "points, code, words",
    [
        (50, "INVALID", "at least 100"),
        (250, "INVALID", "steps of 100"),
        (900, "INSUFFICIENT_POINTS", "800 points available"),
        (-5, "INVALID", "positive"),
    ],
)
def test_bad_redemptions_are_refused(storefront, graphql, shop, member_with_points, points, code, words):
    token = member_with_points.token
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)

    result = redeem(graphql, token, checkout["id"], points)

    [error] = result["errors"]
    assert (error["field"], error["code"]) == ("points", code)
    assert words in error["message"]
    assert my_loyalty(graphql, token)["pointsBalance"] == 800


def test_points_may_pay_at_most_the_configured_share(storefront, graphql, shop, enable_loyalty,
                                                     customer, staff_token):
    # given: a $24 tee, points may pay half ($12 = 1200 points)
    enable_loyalty(**REDEEM_RULES)
    graphql.execute(ADJUST, {"email": customer.email, "points": 5000, "reason": "Gift"}, staff_token)
    checkout = storefront.start_checkout([(shop.variants["TEE-ORGANIC"], 1)], token=customer.token)

    result = redeem(graphql, customer.token, checkout["id"], 1300)

    assert result["errors"][0]["message"] == "At most 1200 points can be used on this order (worth 12.00)."


def test_someone_elses_checkout_and_anonymous_are_refused(storefront, graphql, shop, member_with_points):
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=member_with_points.token)
    storefront.register("thief@example.com", "thief-password-1")
    thief = storefront.login("thief@example.com", "thief-password-1")

    stolen = redeem(graphql, thief, checkout["id"], 100)
    anonymous = redeem(graphql, None, checkout["id"], 100)
    garbage = redeem(graphql, member_with_points.token, "not-an-id", 100)

    assert [e["code"] for e in stolen["errors"]] == ["NOT_FOUND"]
    assert [e["code"] for e in anonymous["errors"]] == ["PERMISSION_DENIED"]
    assert [(e["field"], e["code"]) for e in garbage["errors"]] == [("checkoutId", "INVALID")]


def test_two_simultaneous_redemptions_of_the_same_points_cannot_both_succeed(
    storefront, shop, member_with_points
):
    # given: 800 points and two checkouts, each redeeming 500 at the same moment
    token = member_with_points.token
    checkouts = [storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token),
                 another_checkout(storefront, shop, member_with_points)]
    barrier = threading.Barrier(2)
    results = [None, None]

    def attempt(index):
        try:
            client = GraphQLClient(Client())
            barrier.wait()
            results[index] = redeem(client, token, checkouts[index]["id"], 500)
        finally:
            connection.close()

    # when: two real HTTP requests in two threads, two DB transactions
    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    outcomes = sorted(tuple(e["code"] for e in result["errors"]) for result in results)
    assert outcomes == [(), ("INSUFFICIENT_POINTS",)]
    assert my_loyalty(GraphQLClient(Client()), token)["pointsBalance"] == 300


def test_redeeming_again_on_the_same_checkout_replaces_the_first_redemption(
    storefront, graphql, shop, member_with_points
):
    token = member_with_points.token
    checkout = storefront.start_checkout([(shop.variants["JACKET-WAXED"], 2)], token=token)

    redeem(graphql, token, checkout["id"], 300)
    second = redeem(graphql, token, checkout["id"], 600)

    assert second["errors"] == [] and second["account"]["pointsBalance"] == 200
    assert total_of(graphql, checkout, token) == Decimal("210")
