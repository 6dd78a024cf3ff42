"""The merchant's program per channel, as saved in the dashboard.

Tasks run outside the request whose hook fired them, so they read the saved
plugin configuration (through the host) instead of a plugin instance.
"""
import logging
from typing import Optional, Tuple

from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..core.program import ProgramSettings, parse_program_settings
from ..hosts import host
from .defaults import PLUGIN_ID, DEFAULT_ACTIVE, default_values

logger = logging.getLogger(__name__)


def program_for(channel: str) -> Optional[Tuple[bool, ProgramSettings]]:
    """(is active, settings) for the channel; None if the saved values are unusable."""
    active, values = host.load_plugin_configuration(
        PLUGIN_ID, channel, default_values(), DEFAULT_ACTIVE)
    try:
        return active, parse_program_settings(values)
    except LoyaltyError:
        return None


def active_program_for(channel: str) -> Optional[ProgramSettings]:
    """The channel's settings, or None when the plugin is off or misconfigured."""
    program = program_for(channel)
    if program is None:
        logger.error("Loyalty configuration for channel %r is invalid", channel)
        return None
    active, settings = program
    return settings if active else None


def channel_or_error(channel: Optional[str]) -> str:
    """The channel to act in, or a LoyaltyError naming the missing channel."""
    slug = host.normalize_channel(channel)
    if slug is None:
        raise LoyaltyError(
            "Channel %r does not exist." % channel
            if channel
            else "This shop has several channels; say which one.",
            code=LoyaltyErrorCode.CHANNEL_NOT_FOUND,
            field="channel",
        )
    return slug
