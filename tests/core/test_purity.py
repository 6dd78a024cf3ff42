"""The core must stay plain Python: no Django, Saleor, graphene or Celery imports."""
import ast
import pathlib

import saleor_loyalty_plugin.core as core_package

FORBIDDEN = {"django", "saleor", "graphene", "graphql", "graphql_relay", "celery"}
CORE_DIR = pathlib.Path(core_package.__file__).parent


def imported_top_level_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_core_modules_import_no_framework():
    # given
    modules = sorted(CORE_DIR.glob("*.py"))

    # when
    offenders = {
        path.name: sorted(set(imported_top_level_modules(path)) & FORBIDDEN) for path in modules
    }

    # then
    assert len(modules) >= 4
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_check_itself_notices_a_framework_import(tmp_path):
    # given
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("import os\nfrom django.db import models\n")

    # then
    assert "django" in set(imported_top_level_modules(sneaky))
