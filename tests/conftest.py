"""Fixtures shared by every test: which Saleor is here, and plain helpers.

Tests for one Saleor generation live in ``tests/saleor2`` or ``tests/saleor3``
and are not collected under the other.
"""
import importlib.util

SALEOR_GENERATION = 3 if importlib.util.find_spec("saleor.channel") else 2

collect_ignore = ["saleor3"] if SALEOR_GENERATION == 2 else ["saleor2"]
