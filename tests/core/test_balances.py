from saleor_loyalty_plugin.core.balances import Balances, replay


def test_replay_separates_pending_available_and_lifetime():
    balances = replay(
        [("earn", "pending", 216), ("clawback", "pending", -54), ("adjust", "available", 100)]
    )
    assert balances == Balances(available=100, pending=162, lifetime=262)


def test_release_moves_pending_to_available_and_keeps_lifetime():
    released = Balances(available=100, pending=162, lifetime=262).release(162)
    assert released == Balances(available=262, pending=0, lifetime=262)
