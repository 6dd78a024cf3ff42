"""A real SMTP server for tests (aiosmtpd in a thread) and what arrived at it."""
import email
import email.policy
import re
import socket

import pytest


class Inbox:
    """Messages the server accepted, parsed, oldest first."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 OK"

    def to(self, address):
        return [item["message"] for item in self.messages if address in item["to"]]

    def clear(self):
        self.messages.clear()

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    @staticmethod
    def html(message):
        return message.get_body(preferencelist=("html",)).get_content()

    @staticmethod
    def unsubscribe_path(message):
        """Path and query of the one-click link in the List-Unsubscribe header."""
        from urllib.parse import urlsplit

        url = urlsplit("".join(str(message["List-Unsubscribe"]).split()).strip("<>"))
        return "%s?%s" % (url.path, url.query)

    @staticmethod
    def link(message, pattern):
        """The first URL in the text body matching ``pattern``."""
        for url in re.findall(r"https?://\S+", Inbox.text(message)):
            if re.search(pattern, url):
                return url.rstrip(").,")
        raise AssertionError("no link like %r in %s" % (pattern, Inbox.text(message)))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """(inbox, smtp://127.0.0.1:<port>) of a server running for the test."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, "smtp://127.0.0.1:%d" % controller.port
    finally:
        controller.stop()
