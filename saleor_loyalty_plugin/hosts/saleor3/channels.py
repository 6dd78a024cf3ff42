"""Saleor 3 channels: one plugin configuration row per plugin and channel."""
from typing import Dict, Optional, Tuple


def normalize_channel(channel: Optional[str]) -> Optional[str]:
    """The channel slug accounts are kept under, or None if it does not exist.

    A missing argument means the only active channel, if exactly one exists
    (what a single-channel shop expects).
    """
    from saleor.channel.models import Channel

    if channel:
        try:
            return channel if Channel.objects.filter(slug=channel).exists() else None
        except ValueError:  # e.g. a NUL byte, which PostgreSQL refuses
            return None
    slugs = list(Channel.objects.filter(is_active=True).values_list("slug", flat=True)[:2])
    return slugs[0] if len(slugs) == 1 else None


def channel_slugs():
    """Every channel's slug (the plugin is configured per channel)."""
    from saleor.channel.models import Channel

    return list(Channel.objects.order_by("slug").values_list("slug", flat=True))


def configuration_channel(plugin_configuration) -> str:
    """The channel a saved plugin configuration belongs to."""
    return plugin_configuration.channel.slug if plugin_configuration.channel_id else ""


def channel_currency(channel: str) -> Optional[str]:
    from saleor.channel.models import Channel

    return Channel.objects.filter(slug=channel).values_list("currency_code", flat=True).first()


def load_plugin_configuration(plugin_id: str, channel: str, defaults: Dict[str, object],
                              default_active: bool) -> Tuple[bool, Dict[str, object]]:
    """(active, values) the merchant saved for the channel, read from the DB.

    Tasks run outside the request that fired the hook, so they read the
    saved configuration rather than a plugin instance.
    """
    from saleor.plugins.models import PluginConfiguration

    from ..common import plugin_configuration_values

    row = PluginConfiguration.objects.filter(identifier=plugin_id, channel__slug=channel).first()
    active, values = plugin_configuration_values(row, defaults)
    return (default_active if active is None else active), values
