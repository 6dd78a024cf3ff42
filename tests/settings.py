"""Test settings: Saleor's own settings plus the plugin, for either generation.

PostgreSQL comes from DATABASE_URL (default: the local server that .ci/run
starts); Celery runs tasks inline unless a test starts a real worker.
"""
import importlib.util
import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loyalty")
os.environ.setdefault("SECRET_KEY", "loyalty-tests-not-secret")
os.environ.setdefault("ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL", "False")
os.environ.setdefault("SEND_USAGE_TELEMETRY", "False")
os.environ.pop("CELERY_BROKER_URL", None)

if importlib.util.find_spec("saleor.channel") is not None:  # Saleor 3
    from saleor.tests.settings import *  # noqa: F401,F403

    if "saleor_loyalty_plugin" not in INSTALLED_APPS:  # noqa: F405
        INSTALLED_APPS.append("saleor_loyalty_plugin")  # noqa: F405
else:  # Saleor 2.10
    from saleor.settings import *  # noqa: F401,F403
    from saleor_loyalty_plugin.hosts.saleor2.settings import install

    install(globals())
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ALLOWED_HOSTS = ["*"]
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_BROKER_URL = ""
