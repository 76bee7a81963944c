"""Form fields shared by several apps."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.http import url_has_allowed_host_and_scheme


def safe_local_path(value: str) -> str:
    """`value` if it is a path on this site ("/history/?page=2"), else ""."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return ""
    return value


class LocalPathField(forms.CharField):
    """Where to go next: only ever a path on this site; anything else is quietly dropped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def clean(self, value):
        value = value if isinstance(value, str) else ""
        return safe_local_path(value[: self.max_length])


class TypedTextField(forms.CharField):
    """Text exactly as typed (no stripping); NUL characters, which no keyboard types and
    PostgreSQL cannot store, are dropped instead of rejecting the whole text."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", "") if isinstance(value, str) else value


class FlagField(forms.Field):
    """A yes/no sent by a page as "1" or "0" (a hidden input, not a checkbox): only "1" is
    yes. (A BooleanField reads "0" as yes: its checkbox widget knows only "false".)"""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        return value == "1"
