"""Who is asking: Saleor 3 signs requests with ``Authorization: Bearer <token>``."""
AUTH_HEADER_PREFIX = "Bearer"


def authenticate_request(request):
    """The user behind the request's ``Authorization`` header, or None.

    Needed where the loyalty schema is served outside Saleor's GraphQL view
    (the plugin route).  An expired or forged token raises ``TokenRejected``
    with the code Saleor's own endpoint answers (e.g. ExpiredSignatureError),
    never an HTTP 500.
    """
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user
    from jwt.exceptions import PyJWTError
    from saleor.core.auth_backend import JSONWebTokenBackend

    from ...core.errors import TokenRejected

    try:
        return JSONWebTokenBackend().authenticate(request)
    except PyJWTError as error:
        raise TokenRejected(str(error), code=type(error).__name__)


def user_is_confirmed(user) -> bool:
    """Whether the shop trusts the account with its e-mail address.

    Confirmed (``is_confirmed``), or the shop asks for no confirmation at all
    (then Saleor lets anyone who registers an address sign in with it, and
    the merchant chose that).
    """
    if not user.is_active:
        return False
    if user.is_confirmed:
        return True
    from saleor.site.models import SiteSettings

    return not SiteSettings.objects.filter(enable_account_confirmation_by_email=True).exists()


def connect_account_confirmed(callback) -> None:
    """Call ``callback(user_id)`` in the saving transaction when an account is newly confirmed.

    Guest orders are credited to the account holding their e-mail only once
    that account proved it owns the e-mail: Saleor 3 creates the user (and
    fires ``customer_created``) before confirmation, so crediting at creation
    would hand a guest's points to anyone registering their address.  A user
    row saved confirmed (created so, ``confirmAccount``, staff setting
    ``isConfirmed``) is the signal; the callback is idempotent.
    """
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    def user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
        if raw or not user_is_confirmed(instance):
            return
        if created or update_fields is None or {"is_confirmed", "is_active"} & set(update_fields):
            callback(instance.pk)

    post_save.connect(user_saved, sender=get_user_model(), weak=False,
                      dispatch_uid="saleor_loyalty_plugin_account_confirmed")


def confirmed_owner_of_guest_order(order):
    """``common.confirmed_owner_of_guest_order`` with this host's idea of confirmed."""
    from ..common import confirmed_owner_of_guest_order as owner

    return owner(order, is_confirmed=user_is_confirmed)
