"""Saleor 2.10 has one implicit channel and one configuration row per plugin."""
from typing import Dict, Optional, Tuple

from django.conf import settings

NO_CHANNEL = ""


def normalize_channel(channel: Optional[str]) -> Optional[str]:
    """Any channel argument maps to the single implicit channel."""
    return NO_CHANNEL


def channel_slugs():
    return [NO_CHANNEL]


def configuration_channel(plugin_configuration) -> str:
    return NO_CHANNEL


def channel_currency(channel: str) -> str:
    return settings.DEFAULT_CURRENCY


def load_plugin_configuration(plugin_id: str, channel: str, defaults: Dict[str, object],
                              default_active: bool) -> Tuple[bool, Dict[str, object]]:
    from saleor.plugins.models import PluginConfiguration

    from ..common import plugin_configuration_values

    row = PluginConfiguration.objects.filter(identifier=plugin_id).first()
    active, values = plugin_configuration_values(row, defaults)
    return (default_active if active is None else active), values
