"""The reader's colour theme: light, dark, or whatever the system says (the default).

The choice lives in a cookie the server reads, so every page arrives already in the right
colours (`<html data-theme>`): no script has to run first, and nothing flashes on load.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LocalPathField

THEME_COOKIE = "theme"
THEME_COOKIE_MAX_AGE = 365 * 24 * 3600
LIGHT, DARK, SYSTEM = "light", "dark", "system"
THEME_CHOICES = [(LIGHT, _("Light")), (DARK, _("Dark")), (SYSTEM, _("System"))]
# What `<meta name="color-scheme">` says for each choice.
COLOR_SCHEMES = {LIGHT: "light", DARK: "dark", SYSTEM: "light dark"}


def current_theme(request) -> str:
    """The theme in the reader's cookie; anything else (or none) means the system's."""
    value = request.COOKIES.get(THEME_COOKIE, "")
    return value if value in (LIGHT, DARK) else SYSTEM


class ThemeForm(forms.Form):
    """The header's theme switch: a choice, and the page to go back to."""

    theme = forms.ChoiceField(
        choices=THEME_CHOICES,
        error_messages={
            "required": _("Choose a theme: light, dark or system."),
            "invalid_choice": _("Choose a theme: light, dark or system."),
        },
    )
    next = LocalPathField()
