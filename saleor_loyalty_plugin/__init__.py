"""Loyalty points for Saleor: a Django app and a Saleor plugin in one package.

The entry point ``saleor_loyalty_plugin`` (see setup.cfg) is the name Saleor 3
appends to INSTALLED_APPS, so it must stay equal to this package's name.
"""
__version__ = "0.2.0"
# Saleor's identifier of the plugin: configuration rows, routes and the entry-point name.
PLUGIN_ID = "saleor_loyalty_plugin"

# Django < 3.2 (Saleor 2.10) needs the app config named explicitly.
default_app_config = "saleor_loyalty_plugin.apps.LoyaltyConfig"
