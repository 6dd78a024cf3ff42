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
