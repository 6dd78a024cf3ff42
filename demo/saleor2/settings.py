"""Settings for ``make demo``: Saleor 2.10's own settings plus the loyalty plugin.

Registration activates accounts at once (there is no mail server in a demo),
and Celery runs tasks inline unless CELERY_BROKER_URL is set.
"""
import os

os.environ.setdefault("SECRET_KEY", "demo-only-not-a-secret")
os.environ.setdefault("DEBUG", "False")  # no stack traces in API errors
os.environ.setdefault("ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL", "False")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("ALLOWED_CLIENT_HOSTS", "127.0.0.1,localhost")

from saleor.settings import *  # noqa: E402,F401,F403
from saleor_loyalty_plugin.hosts.saleor2.settings import install  # noqa: E402

install(globals())
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tokens issued to the demo's customers stay valid while you explore.
GRAPHQL_JWT["JWT_VERIFY_EXPIRATION"] = False  # noqa: F405
ROOT_URLCONF = "demo.saleor2.urls"
# Saleor's wheel ships no e-mail templates, so its order e-mails fail inside
# Celery; the demo keeps those expected tracebacks out of the console.
LOGGING["loggers"]["celery.app.trace"] = {"level": "CRITICAL", "propagate": False}  # noqa: F405
