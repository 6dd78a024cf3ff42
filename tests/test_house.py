"""The shape of the house: Saleor is reached only through ``hosts/``.

Both host packages implement the same interface, and no module outside
``hosts/`` imports Saleor or asks which generation is running (the plugin
class's base, identical in both generations, is the one exception).
"""
import ast
import pathlib

import saleor_loyalty_plugin
from saleor_loyalty_plugin.hosts import interface, saleor2, saleor3

PACKAGE_DIR = pathlib.Path(saleor_loyalty_plugin.__file__).parent
ALLOWED_SALEOR_IMPORTS = {"saleor.plugins.base_plugin"}
GENERATION_WORDS = ("find_spec", "GENERATION", "running_generation", "HAS_CHANNELS")


def modules_outside_hosts():
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR)
        if relative.parts[0] not in ("hosts", "migrations"):
            yield relative, path.read_text()


def saleor_imports(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "saleor" and name not in ALLOWED_SALEOR_IMPORTS:
                yield name


def test_both_hosts_implement_the_whole_interface():
    assert interface.missing_names(saleor2) == ()
    assert interface.missing_names(saleor3) == ()
    assert (saleor2.GENERATION, saleor3.GENERATION) == (2, 3)


def test_only_hosts_import_saleor():
    offenders = {str(relative): sorted(set(saleor_imports(source)))
                 for relative, source in modules_outside_hosts()}

    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_code_outside_hosts_branches_on_the_generation():
    offenders = [str(relative) for relative, source in modules_outside_hosts()
                 if any(word in source for word in GENERATION_WORDS)]

    assert offenders == []


def test_the_checks_notice_a_stray_import():
    assert list(saleor_imports("from saleor.order.models import Order\nimport os\n")) == [
        "saleor.order.models"]
