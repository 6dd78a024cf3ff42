"""Root conftest: on Saleor 3, load Saleor's own test fixtures.

Saleor 3 is not on PyPI; its fixtures (channel_USD, order_with_lines,
staff_api_client, ...) live in its source tree's root conftest.py, which
registers them through ``pytest_plugins`` - allowed only in a root conftest,
hence this file.  Point SALEOR_SRC at the Saleor checkout to run the suite
there.  On Saleor 2.10 this file does nothing.
"""
import importlib.util
import os
import runpy


def _saleor_generation():
    if importlib.util.find_spec("saleor") is None:
        return None  # the core tests also run without any Saleor installed
    return 3 if importlib.util.find_spec("saleor.channel") is not None else 2


if _saleor_generation() == 3:
    _saleor_src = os.environ.get("SALEOR_SRC")
    if not _saleor_src:
        raise RuntimeError("Set SALEOR_SRC to the Saleor 3 source tree to run the tests there.")
    globals().update(
        (name, value)
        for name, value in runpy.run_path(os.path.join(_saleor_src, "conftest.py")).items()
        if not name.startswith("__")
    )
