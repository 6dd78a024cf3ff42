"""The live shop for the fault tests: one database per test module, processes per test."""
import os
import subprocess
import sys

import pytest

from .live_shop import (
    REPO,
    LiveShop,
    Redis,
    create_shop_database,
    drop_database,
    make_folder,
    remove_folder,
)


@pytest.fixture(scope="module")
def live_shop_database(django_db_setup, django_db_blocker):
    """A clone of the migrated test database with the shop loaded (about half a minute)."""
    from django.conf import settings

    folder = make_folder()
    url, name = create_shop_database(settings.DATABASES["default"]["NAME"])
    shop = LiveShop(url, folder)
    loaded = subprocess.run([sys.executable, "-m", "tests.faults.load_live_shop"],
                            env=shop.env(), cwd=str(REPO), capture_output=True, text=True,
                            timeout=900)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    try:
        yield url, folder
    finally:
        drop_database(name)
        remove_folder(folder)


@pytest.fixture
def live_shop(live_shop_database):
    url, folder = live_shop_database
    shop = LiveShop(url, folder)
    try:
        yield shop
    finally:
        shop.stop_all()


@pytest.fixture
def broker(live_shop):
    redis = Redis(live_shop.folder)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture(autouse=True)
def _saleor_source_on_the_path(monkeypatch):
    """Subprocesses import Saleor from its source folder (test-saleor3.sh sets SALEOR_SRC)."""
    assert os.environ.get("SALEOR_SRC"), "run through scripts/test-saleor3.sh"
