"""The plugin's identity and default configuration, shared by the dashboard page and tasks.

Kept apart from ``plugin/config.py`` (labels and help texts) so that reading
the saved program never imports the plugin class or the host's field types.
"""
from typing import Dict

from .. import PLUGIN_ID  # noqa: F401  (re-exported: the configuration rows' identifier)
from ..core import journey, program

DEFAULT_ACTIVE = False
BOOLEAN_FIELDS = (program.FIELD_INCLUDE_SHIPPING,) + journey.BOOLEAN_FIELDS


def default_values() -> Dict[str, object]:
    """Every field's default as the dashboard stores it (booleans as booleans)."""
    return {
        name: program.parse_boolean(name, value) if name in BOOLEAN_FIELDS else value
        for name, value in program.DEFAULTS.items()
    }
