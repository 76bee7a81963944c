"""Practice's section of the account page: the desired retention (registered in ready), and
the preview of what a new value would change."""

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.sections import AccountSection
from core import clock
from core.htmx import login_required
from practice import retention, services
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
        # Typing a value previews its effect (practice:retention_preview) before it is saved.
        self.fields["percent"].widget.attrs |= {
            "hx-post": reverse("practice:retention_preview"),
            "hx-trigger": "input changed delay:400ms, change",
            "hx-target": "#retention-preview",
            "hx-sync": "this:replace",
        }


def save_retention(form: RetentionForm, *, user) -> str:
    """Store the new retention (rescheduling every card); the message the page shows."""
    value = form.cleaned_data["percent"] / 100
    services.retention_set(user=user, value=value)
    return _("Desired retention set to %(percent)d%%. Review dates were worked out again.") % {
        "percent": round(value * 100)
    }


@login_required
@require_POST
def retention_preview(request):
    """What the typed retention would change (reviews a day, first intervals), unsaved: the
    preview fragment for htmx, else the section on a page of its own with the preview."""
    form = RetentionForm(request.POST, user=request.user)
    preview = None
    if form.is_valid():
        preview = retention.retention_preview(
            user=request.user, value=form.cleaned_data["percent"] / 100, now=clock.now()
        )
    context = {"form": form, "preview": preview, "action": reverse("accounts:retention")}
    if request.htmx:
        return render(request, "practice/_retention.html#preview", context)
    status = 200 if preview is not None else 422
    return render(request, "practice/retention_preview.html", context, status=status)


RETENTION_SECTION = AccountSection(
    key="retention",
    template="practice/_retention.html",
    form=RetentionForm,
    save=save_retention,
)
