"""Account forms: sign-up that does not reveal who has an account, and settings."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import RETENTION_DEFAULT, RETENTION_MAX, RETENTION_MIN, User


class RetentionForm(forms.ModelForm):
    """Desired retention as a percentage (80–97), stored as a fraction."""

    percent = forms.IntegerField(
        label=_("Desired retention (%)"),
        min_value=round(RETENTION_MIN * 100),
        max_value=round(RETENTION_MAX * 100),
        help_text=User._meta.get_field("desired_retention").help_text,
        widget=forms.NumberInput(attrs={"step": 1, "aria-describedby": "retention-help"}),
        error_messages={
            key: format_lazy(
                _("Enter a whole number of percent, from {low} to {high}."),
                low=round(RETENTION_MIN * 100),
                high=round(RETENTION_MAX * 100),
            )
            for key in ("invalid", "min_value", "max_value", "required")
        },
    )

    default_percent = round(RETENTION_DEFAULT * 100)

    class Meta:
        model = User
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["percent"].initial = round(self.instance.desired_retention * 100)

    def save(self, commit=True):
        self.instance.desired_retention = self.cleaned_data["percent"] / 100
        if commit:
            self.instance.save(update_fields=["desired_retention"])
        return self.instance


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form; with a known address it mails the owner and creates nothing."""

    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs one password hash, hundreds of milliseconds; spend the same
            # here, or the response time would tell which addresses have accounts.
            make_password(get_random_string(32))
        return super().try_save(request)
