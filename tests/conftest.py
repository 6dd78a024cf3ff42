"""Fixtures shared by every test: which Saleor is here, and plain helpers.

Tests for one Saleor generation live in ``tests/saleor2`` or ``tests/saleor3``
and are not collected under the other.
"""
import importlib.util

if importlib.util.find_spec("saleor") is None:  # core-only run (any Python 3.8-3.12)
    collect_ignore = ["saleor2", "saleor3", "ledger", "tasks", "browser", "faults",
                      "test_schema_file.py"]
elif importlib.util.find_spec("saleor.channel") is None:  # Saleor 2.10
    # Browser tests run on the main host only (a page looks the same on both).
    collect_ignore = ["saleor3", "browser", "faults"]
else:  # Saleor 3
    collect_ignore = ["saleor2"]
