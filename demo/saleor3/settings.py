"""Settings for ``make demo``: Saleor 3's own settings plus the loyalty plugin.

Saleor's usual environment (DATABASE_URL, EMAIL_URL, CELERY_BROKER_URL,
SECRET_KEY, ALLOWED_HOSTS, RSA_PRIVATE_KEY, ...) wins; the defaults below only
fill what a demo on 127.0.0.1 leaves unset.  Without CELERY_BROKER_URL Celery
runs tasks inline, so points appear without a worker.
"""
import os

DEMO_DIR = os.environ.get("LOYALTY_DEMO_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", ".demo", "saleor3")
)

os.environ.setdefault("SECRET_KEY", "demo-only-not-a-secret")
os.environ.setdefault("DEBUG", "False")  # no stack traces in API errors
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("ALLOWED_CLIENT_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SEND_USAGE_TELEMETRY", "False")
# Access tokens live 5 minutes in Saleor; an hour lets you explore the demo.
os.environ.setdefault("JWT_TTL_ACCESS", "1 hour")


def _demo_rsa_key() -> str:
    """Saleor needs an RSA key to sign tokens when DEBUG is off: one per demo folder."""
    path = os.path.join(DEMO_DIR, "jwt_key.pem")
    if not os.path.exists(path):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        os.makedirs(DEMO_DIR, exist_ok=True)
        with open(path, "wb") as key_file:
            key_file.write(pem)
    with open(path) as key_file:
        return key_file.read()


# Mail: EMAIL_URL when given, else the demo's own catcher (read it at /mail/).
from demo.mailcatcher import ensure_catcher  # noqa: E402

ensure_catcher(DEMO_DIR)

if not os.environ.get("RSA_PRIVATE_KEY"):
    os.environ["RSA_PRIVATE_KEY"] = _demo_rsa_key()

from saleor.settings import *  # noqa: E402,F401,F403
from saleor_loyalty_plugin.hosts.saleor3.settings import install  # noqa: E402

install(globals())
# The demo's URLconf: the plugin's (one /graphql/) plus the dashboard at /dashboard/.
ROOT_URLCONF = "demo.saleor3.urls"
# A built Saleor Dashboard folder (index.html inside), served at /dashboard/.
DASHBOARD_DIR = os.environ.get("SALEOR_DASHBOARD_DIR", os.path.join(DEMO_DIR, "dashboard"))
# A readable console: Authlib forces its deprecation warning on at every start, and
# Celery (inline without a broker) logs every task it runs, aiosmtpd (the mail catcher)
# every SMTP command.
for _name, _level in [("py.warnings", "ERROR"), ("kombu", "ERROR"), ("celery", "WARNING"),
                      ("celery.app.trace", "WARNING"), ("celery.task", "WARNING"),
                      ("celery.worker", "WARNING"), ("mail.log", "WARNING")]:
    LOGGING["loggers"].setdefault(_name, {}).update(level=_level)  # noqa: F405
if not EMAIL_URL:  # noqa: F405
    # No mail server in a demo: Saleor's e-mails stay in memory.
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
