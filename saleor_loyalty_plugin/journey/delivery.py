"""Sending one catalogue message to one customer, at most once.

The message log row is claimed (inserted, unique) before anything is sent,
so two runs racing for the same customer, order and step send once; a send
that fails is marked failed and retried by later runs up to MAX_ATTEMPTS.
A run that dies between claim and outcome (killed mid-send) leaves the row
"sending"; once that claim is STALE_CLAIM old, no live run can still hold it,
and a later run sends again, within the same MAX_ATTEMPTS.  The mail may then
have gone out once already: every attempt carries the same Message-ID, which
mail providers and clients use to show one copy, so the customer is not
left without the message (a lost expiry reminder costs them points).

SMTP settings come from the plugin's own configuration, else the channel's
User emails plugin (Saleor 3), else the shop's ``EMAIL_URL`` (Django's
default connection).  On Saleor 3 ``manager.notify("loyalty_<message>")``
also carries the payload, for shops whose notification app delivers mail.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Mapping, Optional

from django.conf import settings as django_settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.core.mail.utils import DNS_NAME
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ..core import messages as catalogue
from ..core import templating
from ..core.journey import parse_smtp_url
from ..hosts import host
from . import opt_outs
from .models import STATUS_FAILED, STATUS_SENDING, STATUS_SENT, LoyaltyMessage
from .tokens import unsubscribe_token

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
SMTP_TIMEOUT = 10
# Far beyond one send (SMTP_TIMEOUT per step): a "sending" claim this old was left by a
# run that died.
STALE_CLAIM = timedelta(hours=1)


@dataclass(frozen=True)
class Recipient:
    email: str
    user: Optional[object] = None
    first_name: str = ""


def connection_for(*, channel: str, journey):
    """(SMTP connection, sender) from the first source that is set."""
    own = parse_smtp_url(journey.smtp_url) if journey.smtp_url else None
    if own is not None:
        sender = journey.sender or django_settings.DEFAULT_FROM_EMAIL
        return EmailBackend(timeout=SMTP_TIMEOUT, fail_silently=False, **own), sender
    channel_settings = host.channel_mail_settings(channel)
    if channel_settings is not None:
        channel_sender = channel_settings.pop("sender")
        sender = journey.sender or channel_sender
        return EmailBackend(timeout=SMTP_TIMEOUT, fail_silently=False, **channel_settings), sender
    return get_connection(fail_silently=False), journey.sender or django_settings.DEFAULT_FROM_EMAIL


def unsubscribe_url(channel: str, email: str, category: str) -> str:
    token = unsubscribe_token(email, opt_outs.scope_for(category))
    return host.absolute_url(host.plugin_url(channel, "unsubscribe/") + "?token=" + token)


def _retryable() -> Q:
    """Rows a run may claim again: failed, or left "sending" by a run that died."""
    abandoned = Q(status=STATUS_SENDING) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=timezone.now() - STALE_CLAIM))
    return (Q(status=STATUS_FAILED) | abandoned) & Q(attempts__lt=MAX_ATTEMPTS)


def _claim(key: dict, fields: dict) -> Optional[LoyaltyMessage]:
    """The log row this run may send, or None when it was sent or is being sent.

    Claims are timed by the wall clock, whatever moment the journey runs as.
    """
    claimed_at = timezone.now()
    try:
        with transaction.atomic():
            return LoyaltyMessage.objects.create(status=STATUS_SENDING, attempts=1,
                                                 claimed_at=claimed_at, **key, **fields)
    except IntegrityError:
        pass
    retried = LoyaltyMessage.objects.filter(_retryable(), **key).update(
        status=STATUS_SENDING, attempts=F("attempts") + 1, claimed_at=claimed_at)
    return LoyaltyMessage.objects.get(**key) if retried else None


def already_logged(*, channel: str, message: str, references) -> set:
    """References (of a chunk) this message needs no more: sent, being sent, or given up."""
    return set(LoyaltyMessage.objects.filter(channel=channel, message=message,
                                             reference__in=list(references))
               .exclude(_retryable())
               .values_list("reference", flat=True))


def message_id(row: LoyaltyMessage) -> str:
    """The same Message-ID on every attempt of one log row (see the module's docstring)."""
    return "<loyalty.%s.%s@%s>" % (row.pk, row.message, DNS_NAME)


def send(*, message: catalogue.Message, channel: str, recipient: Recipient, reference: str,
         context: Mapping[str, object], program, now, order_id: str = "",
         order_number: str = "", prepare=None) -> Optional[LoyaltyMessage]:
    """Send ``message`` once per (channel, message, reference, recipient); None if not sent.

    ``prepare()`` runs after the claim and before rendering, returning more
    context (e.g. the offer's voucher code, issued only for a message that
    will go out).
    """
    if not recipient.email or opt_outs.blocks(recipient.email, message.category):
        return None
    key = {"channel": channel, "message": message.key, "reference": reference,
           "email": recipient.email.lower()}
    row = _claim(key, {"user": recipient.user, "order_id": order_id,
                       "order_number": order_number, "category": message.category,
                       "created_at": now})
    if row is None:
        return None
    try:
        full = dict(context)
        if prepare is not None:
            full.update(prepare())
        full.update(full_context(message, channel, recipient))
        rendered = render(message, program, full)
        connection, sender = connection_for(channel=channel, journey=program.journey)
        headers = dict(list_unsubscribe_headers(full["unsubscribe_url"]),
                       **{"Message-ID": message_id(row)})
        mail = EmailMultiAlternatives(rendered.subject, rendered.text, sender, [recipient.email],
                                      connection=connection, headers=headers)
        mail.attach_alternative(rendered.html, "text/html")
        mail.send()
    except Exception as error:  # SMTP down, bad address: retried by a later run
        logger.warning("Loyalty: %s to %s failed", message.key, recipient.email, exc_info=True)
        LoyaltyMessage.objects.filter(pk=row.pk).update(status=STATUS_FAILED,
                                                        error=str(error)[:2000])
        return None
    LoyaltyMessage.objects.filter(pk=row.pk).update(status=STATUS_SENT, sent_at=now,
                                                    subject=rendered.subject[:998], error="")
    host.notify(message.key, notify_payload(message, recipient, channel, full), channel)
    row.refresh_from_db()
    return row


def full_context(message, channel: str, recipient: Recipient) -> dict:
    return {"first_name": recipient.first_name, "email": recipient.email,
            "shop_name": host.shop_name(),
            "unsubscribe_url": unsubscribe_url(channel, recipient.email, message.category)}


def render(message: catalogue.Message, program, context) -> catalogue.Rendered:
    templates = catalogue.templates_of(message, dict(program.mail_templates))
    return catalogue.Rendered(
        subject=" ".join(templating.render(templates["subject"], context, escape=False).split()),
        html=host.render_html(templates["html"], context),
        text=templating.render(templates["text"], context, escape=False),
    )


def list_unsubscribe_headers(url: str) -> dict:
    """RFC 8058 one-click unsubscribe, which mail clients show as a button."""
    return {"List-Unsubscribe": "<%s>" % url, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def notify_payload(message, recipient: Recipient, channel: str, context) -> dict:
    """What ``loyalty_<message>`` carries (documented in the README)."""
    return {"message": message.key, "category": message.category, "channel": channel,
            "recipient_email": recipient.email,
            "user_id": getattr(recipient.user, "pk", None),
            "context": {key: str(value) for key, value in context.items()}}
