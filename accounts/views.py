"""The user's own account page: other apps' settings, download everything, or delete everything."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts.export import user_archive
from accounts.sections import all_sections, get_section
from core import clock
from core.htmx import login_required

DELETE_ATTEMPTS = 5
DELETE_LOCKOUT_SECONDS = 300


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        # Someone at an unlocked computer must not be able to guess their way through.
        key = f"delete-account-failures:{self.user.pk}"
        cache.add(key, 0, DELETE_LOCKOUT_SECONDS)
        if cache.get(key, 0) >= DELETE_ATTEMPTS:
            raise forms.ValidationError(
                gettext_lazy("Too many wrong passwords. Wait a few minutes and try again.")
            )
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            cache.incr(key)
            raise forms.ValidationError(gettext_lazy("That password is not correct."))
        return password


def _render_profile(request, *, invalid=None, status=200):
    """The account page; `invalid` is a section's form that failed, shown with its errors."""
    shown = []
    for section in all_sections():
        if invalid is not None and invalid[0] == section.key:
            form = invalid[1]
        else:
            form = section.form(user=request.user)
        action = reverse(f"accounts:{section.key}")
        shown.append({"template": section.template, "form": form, "action": action})
    counts = {
        "interviews": request.user.interviews.count(),
    }
    context = {"counts": counts, "sections": shown}
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_safe
def profile(request):
    """Account overview with links to password change, export and deletion."""
    return _render_profile(request)


@login_required
@require_http_methods(["POST"])
def section_save(request, key):
    """Save one of the account page's sections (e.g. desired retention) for its app."""
    section = get_section(key)
    form = section.form(request.POST, user=request.user)
    if not form.is_valid():
        return _render_profile(request, invalid=(key, form), status=422)
    messages.success(request, section.save(form, user=request.user))
    return redirect("accounts:profile")


@login_required
@require_safe
def export(request):
    """Everything we store about the user: a ZIP of the JSON and the files (recordings)."""
    stamp = clock.now().strftime("%Y%m%d")
    return FileResponse(
        user_archive(request.user),
        as_attachment=True,
        filename=f"mock-interview-data-{stamp}.zip",
        content_type="application/zip",
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    """Delete the account and all its data after the password is confirmed."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, _("Your account and all its data have been deleted."))
        return redirect("home")
    status = 422 if form.errors else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)
