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


def connect_customer_created(callback) -> None:
    """Nothing to connect: Saleor 2.10 calls the plugin's ``customer_created`` hook."""
