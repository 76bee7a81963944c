"""Form fields shared by several apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy

# What Form.__init__ translates for each form; made once (see ValidatingForm).
LABEL_SUFFIX = gettext_lazy(":")
# Field._clean_bound_field as most fields have it (a FileField's differs).
PLAIN_CLEAN = forms.Field._clean_bound_field


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


class SharedFields(dict):
    """A form's fields, which every instance uses as they are: Form.__init__ deep-copies its
    class's fields (so an instance may change its own), which costs a form that is only
    ever validated more than the validating."""

    def __deepcopy__(self, memo):
        return dict(self)


class SharedFieldsMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = SharedFields(new_class.base_fields)
        return new_class


class ValidatingForm(forms.Form, metaclass=SharedFieldsMetaclass):
    """A form that validates what a POST sent and is never rendered (an htmx endpoint's):
    its instances share the class's fields instead of copying them. Fields' validation
    keeps no state on the field; an instance must not change its fields or widgets."""

    def __init__(self, *args, **kwargs):
        # Never rendered, so no label needs its suffix: translating it costs more than
        # validating a draft. The lazy text still gives the translation if one is shown.
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)

    def _clean_fields(self):
        """Form._clean_fields without a BoundField per field (which only rendering needs):
        the same values read the same way, the same clean_<name> hooks and errors."""
        for name, field in self.fields.items():
            try:
                if field.disabled or type(field)._clean_bound_field is not PLAIN_CLEAN:
                    value = field._clean_bound_field(self[name])
                else:
                    data = self._widget_data_value(field.widget, self.add_prefix(name))
                    value = field.clean(data)
                self.cleaned_data[name] = value
                hook = f"clean_{name}"
                if hasattr(self, hook):
                    self.cleaned_data[name] = getattr(self, hook)()
            except ValidationError as error:
                self.add_error(name, error)
