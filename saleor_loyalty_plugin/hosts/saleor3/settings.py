"""Settings helper for Saleor 3: one GraphQL endpoint for storefronts.

Saleor 3 finds the plugin and its Django app through the ``saleor.plugins``
entry point; what it cannot do is add fields to its own schema.  This helper
points ROOT_URLCONF at a URLconf whose ``/graphql/`` serves Saleor's schema
plus the loyalty fields.  In your settings module::

    from saleor.settings import *  # noqa
    from saleor_loyalty_plugin.hosts.saleor3.settings import install
    install(globals())
"""
PLUGIN_PATH = "saleor_loyalty_plugin.plugin.LoyaltyPlugin"
APP_NAME = "saleor_loyalty_plugin"
URLCONF = "saleor_loyalty_plugin.hosts.saleor3.urls"


def install(settings: dict) -> None:
    """Make sure the app and the plugin are registered once, and serve the merged schema.

    Entry-point discovery has usually registered both already; a settings
    module that builds PLUGINS by hand (a list without the entry point's path)
    gets the plugin added, never twice.
    """
    if APP_NAME not in settings["INSTALLED_APPS"]:
        settings["INSTALLED_APPS"] = list(settings["INSTALLED_APPS"]) + [APP_NAME]
    plugins = settings.get("PLUGINS")
    if isinstance(plugins, list) and PLUGIN_PATH not in plugins:
        settings["PLUGINS"] = plugins + [PLUGIN_PATH]
    settings["ROOT_URLCONF"] = URLCONF
