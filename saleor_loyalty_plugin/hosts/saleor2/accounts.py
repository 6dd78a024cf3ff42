"""Who is asking: Saleor 2.10 signs requests with ``Authorization: JWT <token>``."""
AUTH_HEADER_PREFIX = "JWT"


def authenticate_request(request):
    """The user behind the request's ``Authorization`` header, or None."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    from graphql_jwt.shortcuts import get_user_by_token
    from graphql_jwt.utils import get_credentials

    token = get_credentials(request)
    if not token:
        return None
    try:
        return get_user_by_token(token)
    except Exception:  # an invalid or expired token reads as anonymous, never as a 500
        return None


def user_is_confirmed(user) -> bool:
    """Saleor 2.10 keeps an account inactive until its e-mail is confirmed."""
    return bool(user.is_active)


def connect_account_confirmed(callback) -> None:
    """Call ``callback(user_id)`` in the saving transaction whenever an account is (newly) active.

    2.10 fires ``customer_created`` at registration, while an account that
    must confirm its e-mail is still inactive; ``confirmAccount`` then saves
    ``is_active``.  Either way the callback runs once the account is active.
    """
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    def user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
        if raw or not user_is_confirmed(instance):
            return
        if created or update_fields is None or "is_active" in update_fields:
            callback(instance.pk)

    post_save.connect(user_saved, sender=get_user_model(), weak=False,
                      dispatch_uid="saleor_loyalty_plugin_account_confirmed")


def confirmed_owner_of_guest_order(order):
    """``common.confirmed_owner_of_guest_order`` with this host's idea of confirmed."""
    from ..common import confirmed_owner_of_guest_order as owner

    return owner(order, is_confirmed=user_is_confirmed)
