"""Real headless Chromium (Debian's package) driven by Playwright, for pages a person reads.

Playwright's own browser download is never used: the tests launch the system
Chromium (``LOYALTY_CHROMIUM`` or ``/usr/bin/chromium``; ``.ci/run`` installs
Debian's ``chromium`` when it is missing).  A missing browser fails the test
with a clear message rather than skipping it, so CI cannot pass without
having looked at the page.  Screenshots go to ``SCREENSHOT_DIR`` (default
``.hosts/artifacts/screenshots``) and are kept after the run.
"""
import os
import re
import shutil
from pathlib import Path

import pytest

# The live Saleor 3 shop the page tests drive (fixtures for every test in this folder).
from .live_shop import (  # noqa: F401,E402
    enable_loyalty,
    live_shop,
    loyalty_installed,
    payment_app,
    replica_is_the_test_database,
    saleor_celery_everywhere,
    shop,
    update_loyalty,
    users_staff,
)

# Playwright's sync API keeps an event loop on the test's thread, which makes
# Django refuse database access there; the tests drive the browser and the
# database from one thread, one after the other, which is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
REPO = Path(__file__).resolve().parents[2]
# The flags the machine needs: no sandbox as root, and no background calls to
# Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str:
    path = os.environ.get("LOYALTY_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Headless Chromium is missing: install Debian's `chromium` package "
                    "(.ci/run does) or set LOYALTY_CHROMIUM to a Chromium binary.")
    return path


@pytest.fixture
def chromium():
    """A running headless Chromium for one test.

    Not for the whole session: while Playwright's event loop is set, Django keeps its
    database connections in another context, without the replica wrapper Saleor's test
    settings install, so every database test after the first browser test would read
    through a separate "replica" connection that sees none of its data.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the Saleor 3 environment installs it
        pytest.fail("The playwright package is missing: run scripts/saleor3-env.sh.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    """A fresh browser context and page per test; a screenshot is kept when it fails."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        page.screenshot(path=str(screenshot_path(request.node.name + "-failed")), full_page=True)
    context.close()


def screenshot_path(name: str) -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or REPO / ".hosts" / "artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder / (re.sub(r"[^A-Za-z0-9_.-]+", "-", name) + ".png")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
