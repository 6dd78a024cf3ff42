"""Settings helper for Saleor 2.10, which has no plugin entry points or routes.

In your settings module::

    from saleor.settings import *  # noqa
    from saleor_loyalty_plugin.hosts.saleor2.settings import install
    install(globals())
"""
PLUGIN_PATH = "saleor_loyalty_plugin.plugin.LoyaltyPlugin"
APP_NAME = "saleor_loyalty_plugin"
URLCONF = "saleor_loyalty_plugin.hosts.saleor2.urls"


def install(settings: dict) -> None:
    """Add the app, the plugin and the merged-GraphQL URLconf to Saleor's settings."""
    if APP_NAME not in settings["INSTALLED_APPS"]:
        settings["INSTALLED_APPS"] = list(settings["INSTALLED_APPS"]) + [APP_NAME]
    if PLUGIN_PATH not in settings["PLUGINS"]:
        settings["PLUGINS"] = list(settings["PLUGINS"]) + [PLUGIN_PATH]
    settings["ROOT_URLCONF"] = URLCONF
