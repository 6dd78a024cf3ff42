"""Saleor 2.10 mail: Django's mail with the package's templates; no per-channel
mail settings and no notification manager to tell."""
from ...core import templating


def render_html(template: str, context) -> str:
    return templating.render(template, context)


def channel_mail_settings(channel: str):
    return None


def notify(event: str, payload: dict, channel: str) -> None:
    return None


def plugin_url(channel: str, path: str) -> str:
    """Served by the package's 2.10 URLconf (``hosts/saleor2/urls.py``)."""
    return "/loyalty/%s" % path
