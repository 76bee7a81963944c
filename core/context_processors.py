"""Template context shared by every page."""

from django.conf import settings

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def csp_nonce(request):
    """Expose the CSP nonce as `csp_nonce`, the name django-htmx's tags look for."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def mail_to_console(request):
    """Whether mail is printed on the server's console instead of sent (development)."""
    return {"mail_to_console": settings.EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND}
