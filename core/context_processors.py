"""Template context shared by every page."""

from django.conf import settings
from django.utils import translation

from core.theme import COLOR_SCHEMES, THEME_CHOICES, current_theme

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def i18n(request):
    """django.template.context_processors.i18n, asking for the active language once (Django's
    asks three times: for the code, and twice more for whether it is written right to left)."""
    code = translation.get_language()
    bidi = code is not None and code.split("-")[0] in settings.LANGUAGES_BIDI
    return {"LANGUAGES": settings.LANGUAGES, "LANGUAGE_CODE": code, "LANGUAGE_BIDI": bidi}


def csp_nonce(request):
    """Expose the CSP nonce as `csp_nonce`, the name django-htmx's tags look for."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def mail_to_console(request):
    """Whether mail is printed on the server's console instead of sent (development)."""
    return {"mail_to_console": settings.EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND}


def theme(request):
    """The reader's theme choice, for `<html data-theme>`, the colour-scheme meta and the
    header's switch."""
    chosen = current_theme(request)
    return {
        "theme": chosen,
        "theme_color_scheme": COLOR_SCHEMES[chosen],
        "theme_choices": THEME_CHOICES,
    }
