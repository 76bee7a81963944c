"""The Permissions-Policy header: which powerful browser features the site's pages may use."""

from django.conf import settings


def header_value(policy: dict[str, list[str]]) -> str:
    """`{"microphone": ["self"], "camera": []}` as `microphone=(self), camera=()`."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY with every response (Django 5.2 has no setting
    for it): the microphone for this origin only, so no embedded page could ask for it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = header_value(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
