"""Saleor 3 mail: Handlebars through Saleor's e-mail helper, the User emails plugin's
SMTP settings, and ``manager.notify`` for notification apps.

The User emails plugin and the SMTP app drop events they do not know, so
the plugin sends its own mail; it renders the HTML body with the same pybars
compiler and helpers as ``saleor.plugins.email_common.send_email`` (which
derives the text body from the HTML, where the merchant writes their own).
"""
import logging

logger = logging.getLogger(__name__)
USER_EMAIL_PLUGIN_ID = "mirumee.notifications.user_email"
NOTIFY_PREFIX = "loyalty_"


def render_html(template: str, context) -> str:
    import pybars
    from saleor.plugins import email_common

    helpers = {"format_address": email_common.format_address, "price": email_common.price,
               "format_datetime": email_common.format_datetime,
               "compare": email_common.compare}
    return str(pybars.Compiler().compile(template)(dict(context), helpers=helpers))


def channel_mail_settings(channel: str):
    """The channel's User emails plugin SMTP settings if it is on and complete, else None."""
    from saleor.plugins.models import PluginConfiguration

    row = PluginConfiguration.objects.filter(identifier=USER_EMAIL_PLUGIN_ID,
                                             channel__slug=channel, active=True).first()
    if row is None:
        return None
    values = {item["name"]: item.get("value") for item in row.configuration or []}
    if not (values.get("host") and values.get("port") and values.get("sender_address")):
        return None
    sender = values["sender_address"]
    if values.get("sender_name"):
        from email.headerregistry import Address

        sender = str(Address(values["sender_name"], addr_spec=sender))
    return {"host": values["host"], "port": int(values["port"]),
            "username": values.get("username") or "", "password": values.get("password") or "",
            "use_tls": bool(values.get("use_tls")), "use_ssl": bool(values.get("use_ssl")),
            "sender": sender}


def notify(event: str, payload: dict, channel: str) -> None:
    """``manager.notify("loyalty_<event>", payload)`` for apps that deliver instead."""
    from saleor.plugins.manager import get_plugins_manager

    try:
        get_plugins_manager(allow_replica=False).notify(
            NOTIFY_PREFIX + event, payload_func=lambda: payload, channel_slug=channel)
    except Exception:  # a notification app's failure never stops our own mail
        logger.warning("Loyalty: notify %s failed", event, exc_info=True)


def plugin_url(channel: str, path: str) -> str:
    """The plugin route of the channel (``BasePlugin.webhook`` serves it)."""
    from ... import PLUGIN_ID

    return "/plugins/channel/%s/%s/%s" % (channel, PLUGIN_ID, path)
