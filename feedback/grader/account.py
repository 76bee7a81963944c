"""The account page's note on the AI grader: whether answers are sent to one, and where."""

from django import forms
from django.utils.translation import gettext as _

from accounts.sections import AccountSection


class GraderNote(forms.Form):
    """Nothing to fill in: the section only says where answers go."""

    def __init__(self, data=None, *, user=None):
        super().__init__(data)
        from feedback.grader.services import configured_endpoint, endpoint_host

        endpoint = configured_endpoint()
        self.grader_host = endpoint_host(endpoint) if endpoint else ""


def _save(form, *, user) -> str:
    return _("Nothing to save.")


SECTION = AccountSection(
    key="grader", template="feedback/_account_grader.html", form=GraderNote, save=_save
)
