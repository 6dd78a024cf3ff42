"""uvicorn serving Saleor 3, optionally killed (SIGKILL) at one named point of order dispatch.

``LOYALTY_TEST_FAULT``:
- ``before-intent``: after Saleor's commit, before the plugin wrote the sync intent
  (the process dies as if the machine lost power between the commit and the hook);
- ``before-dispatch``: after the intent is written, before the task reaches the broker.
Empty: an ordinary server.  Usage: ``python -m tests.faults.fault_server PORT``.
"""
import os
import signal
import sys

import django


def _die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def main(port: int) -> None:
    django.setup()
    from saleor_loyalty_plugin.orders import dispatch

    fault = os.environ.get("LOYALTY_TEST_FAULT", "")
    if fault == "before-intent":
        dispatch._record = _die
    elif fault == "before-dispatch":
        dispatch._send = _die
    elif fault:
        sys.exit("unknown fault %r" % fault)
    import uvicorn

    uvicorn.run("saleor.asgi:application", host="127.0.0.1", port=port, lifespan="off",
                log_level="warning")


if __name__ == "__main__":
    main(int(sys.argv[1]))
