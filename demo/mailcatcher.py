"""The demo's mail catcher: an SMTP server in the demo's process, and a page to read it.

Without ``EMAIL_URL`` the demo points ``EMAIL_URL`` at an aiosmtpd server on
127.0.0.1 (``LOYALTY_DEMO_SMTP_PORT``, default 8025) started in a thread;
each message is kept as a ``.eml`` file in the demo folder, so any demo
process (the server, a management command) can catch and the page reads
them all.  With ``EMAIL_URL`` set, mail goes there and the page says so.
"""
import email
import email.policy
import html
import os
import time

DEFAULT_PORT = 8025
_started = []


def mail_dir(demo_dir: str) -> str:
    return os.path.join(demo_dir, "mail")


class _Store:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        os.makedirs(self.folder, exist_ok=True)
        name = "%d-%d.eml" % (time.time() * 1000, len(os.listdir(self.folder)))
        with open(os.path.join(self.folder, name), "wb") as handle:
            handle.write(envelope.content)
        return "250 OK"


def ensure_catcher(demo_dir: str):
    """Start the catcher unless EMAIL_URL is given; returns the EMAIL_URL in use."""
    if os.environ.get("EMAIL_URL"):
        return os.environ["EMAIL_URL"]
    port = int(os.environ.get("LOYALTY_DEMO_SMTP_PORT", DEFAULT_PORT))
    os.environ["EMAIL_URL"] = "smtp://127.0.0.1:%d" % port
    os.environ["LOYALTY_DEMO_MAIL_CATCHER"] = "1"
    if not _started:
        try:
            from aiosmtpd.controller import Controller

            controller = Controller(_Store(mail_dir(demo_dir)), hostname="127.0.0.1", port=port)
            controller.start()
            _started.append(controller)
        except (OSError, RuntimeError, ImportError):
            pass  # another demo process already catches on that port (or no aiosmtpd)
    return os.environ["EMAIL_URL"]


def caught_messages(demo_dir: str):
    """(file name, parsed message), newest first."""
    folder = mail_dir(demo_dir)
    if not os.path.isdir(folder):
        return []
    found = []
    for name in sorted(os.listdir(folder), reverse=True):
        if name.endswith(".eml"):
            with open(os.path.join(folder, name), "rb") as handle:
                found.append((name, email.message_from_binary_file(
                    handle, policy=email.policy.default)))
    return found


def _part(message, kind):
    body = message.get_body(preferencelist=(kind,))
    return body.get_content() if body is not None else ""


def mail_page_html(demo_dir: str, *, run_url: str) -> str:
    messages = caught_messages(demo_dir)
    if os.environ.get("LOYALTY_DEMO_MAIL_CATCHER") != "1":
        intro = "Mail goes to EMAIL_URL (%s); nothing is caught here." % os.environ.get(
            "EMAIL_URL", "")
    else:
        intro = "%d message(s) caught by the demo's SMTP server (%s)." % (
            len(messages), os.environ.get("EMAIL_URL"))
    rows = "".join(
        "<article><h2>%s</h2><p>To %s &middot; from %s &middot; %s &middot; "
        "<a href=\"/mail/%s\">HTML</a></p><pre>%s</pre></article>" % (
            html.escape(str(m["Subject"])), html.escape(str(m["To"])),
            html.escape(str(m["From"])), html.escape(str(m["Date"])),
            html.escape(name[:-4]), html.escape(_part(m, "plain")))
        for name, m in messages)
    buttons = "".join(
        "<button name=\"days\" value=\"%d\">%s</button> " % (days, label)
        for days, label in ((0, "Run the journey now"), (7, "... as of 7 days later"),
                            (30, "... as of 30 days later")))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Demo mail"
            "</title><style>body{font-family:sans-serif;max-width:60em;margin:auto}"
            "pre{white-space:pre-wrap;background:#f4f4f4;padding:1em}</style></head><body>"
            "<h1>Demo mail</h1><p>%s</p><form method=\"post\" action=\"%s\">%s</form>%s"
            "</body></html>" % (html.escape(intro), run_url, buttons, rows))


def message_html(demo_dir: str, name: str):
    for found, message in caught_messages(demo_dir):
        if found[:-4] == name:
            return _part(message, "html")
    return None
