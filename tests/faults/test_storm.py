"""The storm: hundreds of concurrent redemptions, cancellations, staff adjustments and
duplicated, reordered order syncs on four accounts leave a ledger that adds up."""
import json
import subprocess
import sys

import pytest

from .live_shop import REPO

ARTIFACTS = REPO / ".hosts" / "artifacts"

pytestmark = pytest.mark.django_db


def run(shop, module, *args):
    done = subprocess.run([sys.executable, "-m", module] + list(args), env=shop.env(),
                          cwd=str(REPO), capture_output=True, text=True, timeout=1200)
    # the whole stderr (Saleor's tracebacks of any unhandled error) stays for reading
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / ("%s-stderr.log" % module.rsplit(".", 1)[-1])).write_text(done.stderr)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    answer["stderr"] = done.stderr[-8000:]
    return answer


def test_a_storm_of_concurrent_operations_leaves_the_ledger_consistent(live_shop):
    # when: 400 operations from 12 threads (tasks inline: every sync runs in a request
    # thread or as one of several duplicated deliveries of the same order's task)
    storm = run(live_shop, "tests.faults.storm", "7")

    # then: no server error and no unexpected refusal anywhere
    assert storm["problems"] == [], json.dumps(storm["problems"])[:3000] + storm["stderr"]
    # then: every kind of operation really happened, not only its refusals
    assert storm["orders"] > 0
    for succeeded in ("redeem:ok", "cancel:ok", "adjust:ok", "complete:ok", "order:ok"):
        assert storm["outcomes"].get(succeeded, 0) > 0, storm["outcomes"]

    # then: nothing earned twice, no balance overdrawn but by clawback debt, no
    # point returned for spent value, no spent card left usable
    audit = run(live_shop, "tests.faults.storm_audit")
    assert audit["violations"] == [], json.dumps(audit["violations"], indent=1)[:6000]
    assert audit["redemptions"] > 50

    # then: every cached balance is the ledger's fold
    status, output = live_shop.manage("loyalty_verify_ledger")
    assert status == 0, output
