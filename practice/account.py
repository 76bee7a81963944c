"""Practice's section of the account page: the desired retention (registered in ready)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.sections import AccountSection
from practice import services
from practice.models import RETENTION_DEFAULT, RETENTION_MAX, RETENTION_MIN, LearnerSettings


class RetentionForm(forms.Form):
    """Desired retention as a percentage (80–97), stored as a fraction."""

    percent = forms.IntegerField(
        label=gettext_lazy("Desired retention (%)"),
        min_value=round(RETENTION_MIN * 100),
        max_value=round(RETENTION_MAX * 100),
        help_text=LearnerSettings._meta.get_field("desired_retention").help_text,
        widget=forms.NumberInput(attrs={"step": 1, "aria-describedby": "retention-help"}),
        error_messages={
            key: format_lazy(
                gettext_lazy("Enter a whole number of percent, from {low} to {high}."),
                low=round(RETENTION_MIN * 100),
                high=round(RETENTION_MAX * 100),
            )
            for key in ("invalid", "min_value", "max_value", "required")
        },
    )

    default_percent = round(RETENTION_DEFAULT * 100)

    def __init__(self, data=None, *, user):
        super().__init__(data)
        if not self.is_bound:
            self.fields["percent"].initial = round(LearnerSettings.objects.retention_of(user) * 100)


def save_retention(form: RetentionForm, *, user) -> str:
    """Store the new retention (rescheduling every card); the message the page shows."""
    value = form.cleaned_data["percent"] / 100
    services.retention_set(user=user, value=value)
    return _("Desired retention set to %(percent)d%%. Review dates were worked out again.") % {
        "percent": round(value * 100)
    }


RETENTION_SECTION = AccountSection(
    key="retention",
    template="practice/_retention.html",
    form=RetentionForm,
    save=save_retention,
)
