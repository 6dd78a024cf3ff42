"""The widget folder is a package a frontend can vendor or publish, in step with the plugin."""
import json
import re

import saleor_loyalty_plugin
from saleor_loyalty_plugin.storefront.views import WIDGET_DIR, WIDGET_FILE

PACKAGE = json.loads((WIDGET_DIR / "package.json").read_text())
SOURCE = (WIDGET_DIR / WIDGET_FILE).read_text()


def test_the_npm_package_is_this_module_at_the_plugins_version():
    assert PACKAGE["version"] == saleor_loyalty_plugin.__version__
    assert PACKAGE["type"] == "module"
    assert PACKAGE["exports"]["."] == "./" + WIDGET_FILE
    assert all((WIDGET_DIR / name).is_file() for name in PACKAGE["files"])


def test_the_module_needs_no_build_and_fetches_only_the_shops_api():
    assert not re.search(r"^\s*import\s", SOURCE, re.MULTILINE)  # no dependencies to bundle
    assert re.findall(r"fetch\(([^,]+),", SOURCE) == ["this.apiUrl"]

