"""Nothing lost: points arrive though the server dies between Saleor's commit and the
dispatch of the loyalty sync, or the broker is down when the order is placed.

Real processes throughout: uvicorn serving Saleor 3, a Celery worker with beat,
a private Redis that the test stops and starts; the shopper talks plain HTTP.
"""
import signal

import pytest

from demo.saleor3.storefront import GraphQLClient, Storefront

from .live_shop import Http, Redis, wait_for

pytestmark = pytest.mark.django_db

PASSWORD = "shopper-password-1"
JACKET = 'query { productVariant(sku: "JACKET-WAXED", channel: "default-channel") { id } }'
MY_POINTS = """
query { myLoyalty { pendingPoints pointsBalance
  transactions(first: 10) { edges { node { kind points order { number } } } } } }"""
ARRIVAL_TIMEOUT = 120


def shopper(url, email):
    storefront = Storefront(GraphQLClient(Http(url)))
    storefront.register(email, PASSWORD)
    return storefront, storefront.login(email, PASSWORD)


def two_jackets(storefront):
    return [(storefront.client.execute(JACKET)["productVariant"]["id"], 2)]


def points_of(url, token):
    return GraphQLClient(Http(url)).execute(MY_POINTS, token=token)["myLoyalty"]


def earned(loyalty):
    return [edge["node"]["points"] for edge in loyalty["transactions"]["edges"]
            if edge["node"]["kind"] == "EARN"]


def arrived(url, token):
    """The shopper's points once an award shows (None until then)."""
    loyalty = points_of(url, token)
    return loyalty if earned(loyalty) else None


@pytest.mark.parametrize("fault", ["before-intent", "before-dispatch"])
def test_points_arrive_though_the_server_was_killed_between_commit_and_dispatch(
    live_shop, broker, fault
):
    # given: a server that dies at the fault point, its broker with no worker yet
    url, server = live_shop.serve(broker_url=broker.url, fault=fault)
    storefront, token = shopper(url, "killed-%s@example.com" % fault)
    lines = two_jackets(storefront)

    # when: the shopper places a $236 order (two $108 jackets, $20 shipping)
    try:
        storefront.checkout(lines, token=token)
    except OSError:
        pass  # the connection died with the server
    died = wait_for(lambda: server.poll() is not None, 60)

    # then: the server was killed after the order committed
    assert died and server.returncode == -signal.SIGKILL

    # when: everything comes back on a fresh, empty broker (whatever was queued is
    # gone too, so only what the database remembers can bring the points)
    broker.stop()
    fresh = Redis(live_shop.folder)
    fresh.start()
    try:
        live_shop.worker(broker_url=fresh.url)
        url, _ = live_shop.serve(broker_url=fresh.url)

        # then: the reconciliation syncs the order; its points arrive, exactly once
        loyalty = wait_for(lambda: arrived(url, token), ARRIVAL_TIMEOUT, 1)
        assert loyalty is not None, "no points within %d s" % ARRIVAL_TIMEOUT
        assert (earned(loyalty), loyalty["pendingPoints"]) == ([216], 216)
        status, output = live_shop.manage("loyalty_verify_ledger")
        assert status == 0, output
    finally:
        live_shop.stop_all()
        fresh.stop()


def test_points_arrive_once_the_broker_is_back(live_shop, broker):
    # given: a worker with beat and a server, both on the broker
    live_shop.worker(broker_url=broker.url)
    url, _ = live_shop.serve(broker_url=broker.url)
    storefront, token = shopper(url, "brokerless@example.com")
    lines = two_jackets(storefront)

    # when: the broker goes down and the shopper places an order
    broker.stop()
    order = storefront.checkout(lines, token=token)

    # then: the order is placed (no server error), its points wait for the broker
    assert order["number"]
    assert earned(points_of(url, token)) == []

    # when: the broker is back
    broker.start()

    # then: the points arrive, once
    loyalty = wait_for(lambda: arrived(url, token), ARRIVAL_TIMEOUT, 1)
    assert loyalty is not None, "no points within %d s" % ARRIVAL_TIMEOUT
    assert (earned(loyalty), loyalty["pendingPoints"]) == ([216], 216)
    status, output = live_shop.manage("loyalty_verify_ledger")
    assert status == 0, output
