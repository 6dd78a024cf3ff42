"""Who may open the staff page: staff with MANAGE_ORDERS or MANAGE_USERS.

A browser navigating to a page sends no ``Authorization`` header, so staff
sign in once with their Saleor e-mail and password; the page then keeps a
signed, HTTP-only, same-site cookie naming them for an hour (a session of its
own: Saleor 3 has no Django sessions).  API clients may send their token
instead, and on 2.10 a Django session user is accepted as well.
"""
from django.core import signing

from ..core.errors import TokenRejected
from ..graphql.insights_schema import can_see_insights
from ..hosts import host

COOKIE = "loyalty_insights"
SALT = "saleor_loyalty_plugin.insights_page"
MAX_AGE = 3600


def staff_of(request):
    """The staff user behind the request, or None."""
    try:
        user = host.authenticate_request(request)
    except TokenRejected:
        user = None
    if user is None and request.COOKIES.get(COOKIE):
        try:
            user = host.get_user(signing.loads(request.COOKIES[COOKIE], salt=SALT,
                                               max_age=MAX_AGE))
        except signing.BadSignature:
            user = None
    if user is None:
        session_user = getattr(request, "user", None)
        if getattr(session_user, "is_authenticated", False):
            user = session_user
    return user if can_see_insights(user) else None


def sign_in(email: str, password: str):
    """(user, cookie value) for staff who may see insights, else (None, None)."""
    user = host.get_user_by_email(email or "")
    if user is None or not user.check_password(password or "") or not can_see_insights(user):
        return None, None
    return user, signing.dumps(user.pk, salt=SALT)


def remember(response, cookie_value, secure: bool):
    response.set_cookie(COOKIE, cookie_value, max_age=MAX_AGE, httponly=True, samesite="Strict",
                        secure=secure)
    return response
