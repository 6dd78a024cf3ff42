"""The after-sale journey's mail on Saleor 3: real mail to a real SMTP server, time moved by
freezegun. Unsubscribing by the mail's link stops later messages and a forged link changes
nothing; the command's dry run and --as-of send nothing twice; a merchant's template is
used and a bad one refused, keeping the old; the channel's User emails plugin delivers
when the plugin has no SMTP of its own."""
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from saleor_loyalty_plugin.core import messages
from saleor_loyalty_plugin.models import LoyaltyMessage

from ..mail import Inbox, smtp_server  # noqa: F401  (smtp_server: a fixture)
from . import flows
from .journey_helpers import MY_LOYALTY, run

pytestmark = pytest.mark.django_db


def test_unsubscribing_stops_later_messages(
    journey_on, shop, user_api_client, payment_app, order_staff, customer_user, loyalty_route,
):
    # given: the thank-you arrived
    inbox = journey_on()
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()
    [thanks] = inbox.to(customer_user.email)

    # when: one click (the link is on the plugin route)
    page = Client().get(Inbox.unsubscribe_path(thanks))
    flows.fulfill_all(order_staff, order["id"], shop.warehouse)
    later = run(timezone.now() + timedelta(days=7, hours=1))

    # then
    assert page.status_code == 200 and b"no more loyalty e-mails" in page.content
    assert later == {}
    assert len(inbox.to(customer_user.email)) == 1
    state = flows.loyalty(loyalty_route, MY_LOYALTY, user=customer_user)["myLoyalty"]
    assert state["mailOptOut"] == "all"


def test_a_forged_unsubscribe_link_changes_nothing(journey_on, loyalty_route, channel_USD):
    # given
    journey_on()

    # when
    page = Client().get(loyalty_route.path.replace("graphql/", "unsubscribe/") + "?token=x:y")

    # then
    assert page.status_code == 400 and b"not valid" in page.content


def test_dry_run_and_as_of_send_nothing_twice(journey_on, shop, user_api_client, payment_app,
                                              customer_user, capsys):
    # given
    inbox = journey_on()
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)

    # when
    call_command("loyalty_run_journey", "--dry-run")
    preview = capsys.readouterr().out
    nothing_yet = (len(inbox.messages), LoyaltyMessage.objects.count())
    call_command("loyalty_run_journey", "--as-of", (timezone.now() + timedelta(hours=2)).isoformat())
    sent = capsys.readouterr().out
    call_command("loyalty_run_journey")

    # then
    assert "would send thank_you to %s" % customer_user.email in preview
    assert nothing_yet == (0, 0)
    assert "Sent 1 message(s)" in sent
    assert len(inbox.to(customer_user.email)) == 1


def test_a_merchants_template_is_used_and_a_bad_one_refused_keeping_the_old(
    journey_on, update_loyalty, shop, user_api_client, payment_app, customer_user,
):
    # given
    field = messages.THANK_YOU.field("subject")
    inbox = journey_on(**{field: "Thanks, {{first_name}}! (#{{order_number}})"})

    # when
    refused = update_loyalty(active=True, **{field: "Thanks {{oder_number}}"})
    order = flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()

    # then
    [error] = refused["errors"]
    assert error["field"] == "mailThankYouSubject"  # Saleor camel-cases the field
    assert "{{oder_number}}" in error["message"]
    assert "order_number" in error["message"]
    [thanks] = inbox.to(customer_user.email)
    assert thanks["Subject"] == "Thanks, %s! (#%s)" % (customer_user.first_name, order["number"])


def test_the_channels_user_emails_plugin_delivers_when_the_plugin_has_no_smtp(
    enable_loyalty, smtp_server, shop, user_api_client, payment_app, customer_user,  # noqa: F811
):
    # given: the User emails plugin configured for the channel, nothing in ours
    from saleor.plugins.models import PluginConfiguration

    inbox, url = smtp_server
    PluginConfiguration.objects.create(
        identifier="mirumee.notifications.user_email", channel=shop.channel, active=True,
        configuration=[{"name": "host", "value": "127.0.0.1"},
                       {"name": "port", "value": url.rsplit(":", 1)[1]},
                       {"name": "sender_name", "value": "Channel mail"},
                       {"name": "sender_address", "value": "channel@example.com"},
                       {"name": "use_tls", "value": False}, {"name": "use_ssl", "value": False}])
    enable_loyalty(journey_thank_you="true")

    # when
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    run()

    # then
    [thanks] = inbox.to(customer_user.email)
    assert thanks["From"] == "Channel mail <channel@example.com>"
    assert json.dumps(LoyaltyMessage.objects.get().status) == '"sent"'


class Killed(BaseException):
    """The worker dies (SIGKILL, OOM) after the mail left and before its outcome is saved."""


def test_a_message_left_sending_by_a_dead_run_is_sent_again_with_the_same_message_id(
    journey_on, shop, user_api_client, payment_app, customer_user, monkeypatch
):
    # given: the thank-you goes out, then the run dies before recording it
    from django.core.mail import EmailMultiAlternatives

    inbox = journey_on()
    flows.checkout(user_api_client, shop, 8, payment_app=payment_app)
    real_send = EmailMultiAlternatives.send

    def send_then_die(mail, *args, **kwargs):
        real_send(mail, *args, **kwargs)
        raise Killed()

    monkeypatch.setattr(EmailMultiAlternatives, "send", send_then_die)
    with pytest.raises(Killed):
        run()
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    [row] = LoyaltyMessage.objects.all()
    assert (row.status, row.attempts) == ("sending", 1)

    # when: the next hourly run comes while the claim could still be live, then one after
    # the claim is stale
    soon = run(timezone.now() + timedelta(minutes=5))
    later = run(timezone.now() + timedelta(hours=2))
    after = run(timezone.now() + timedelta(hours=3))

    # then: sent once more (not while the claim was fresh), with the first one's Message-ID,
    # so the customer's mail shows one copy; recorded as sent, never again
    first, second = inbox.to(customer_user.email)
    assert first["Message-ID"] == second["Message-ID"]
    assert first["Message-ID"].startswith("<loyalty.%s.thank_you@" % row.pk)
    assert soon == {} and later == {"thank_you": 1} and after == {}
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
