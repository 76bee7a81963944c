"""The visitor's address, as every rate limit on the site counts it."""

from allauth.account.adapter import get_adapter


def client_ip(request) -> str:
    """The client's IP address under DJANGO_TRUSTED_PROXY_COUNT, the same one allauth counts.

    Without trusted proxies this is REMOTE_ADDR and X-Forwarded-For is ignored. Raises
    PermissionDenied (a 403) when no valid address can be found, as allauth does.
    """
    return get_adapter(request).get_client_ip(request)
