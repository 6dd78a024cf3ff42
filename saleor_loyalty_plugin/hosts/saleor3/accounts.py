"""Who is asking: Saleor 3 signs requests with ``Authorization: Bearer <token>``."""
AUTH_HEADER_PREFIX = "Bearer"


def authenticate_request(request):
    """The user behind the request's ``Authorization`` header, or None.

    Needed where the loyalty schema is served outside Saleor's GraphQL view
    (the plugin route).  An expired or forged token reads as anonymous, never
    as an HTTP 500.
    """
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    from saleor.core.auth_backend import JSONWebTokenBackend

    try:
        return JSONWebTokenBackend().authenticate(request)
    except Exception:
        return None


def connect_customer_created(callback) -> None:
    """Call ``callback(user_id)`` after commit whenever a user account is created.

    Saleor 3's manager runs ``customer_created`` (a channel-less event) on
    global plugins only; this plugin is configured per channel, so the hook
    never reaches it.  A new user row is the registration signal instead
    (accountRegister, customerCreate, checkout sign-up), before e-mail
    confirmation like the hook.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models.signals import post_save

    def user_saved(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            user_id = instance.pk
            transaction.on_commit(lambda: callback(user_id))

    post_save.connect(user_saved, sender=get_user_model(), weak=False,
                      dispatch_uid="saleor_loyalty_plugin_customer_created")
