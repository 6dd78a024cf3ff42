"""The Saleor plugin: ``saleor_loyalty_plugin.plugin:LoyaltyPlugin``."""
from .plugin import LoyaltyPlugin

__all__ = ["LoyaltyPlugin"]
