"""The door to Saleor: ``host`` is the package for the generation that is running.

Only modules under ``hosts/`` import Saleor; everything else calls
``host.<name>`` for the names listed in ``interface.py``.  Saleor 3 has
``saleor.channel``; Saleor 2.10 does not.
"""
import importlib
import importlib.util


def running_generation() -> int:
    return 3 if importlib.util.find_spec("saleor.channel") is not None else 2


host = importlib.import_module(
    ".saleor3" if running_generation() == 3 else ".saleor2", __name__
)

__all__ = ["host", "running_generation"]
