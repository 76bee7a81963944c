"""Admin lists that answer a filter they cannot apply with the admin's own "invalid
filter" handling, never a server error."""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.utils.translation import gettext as _


class SafeChangeList(ChangeList):
    """A change list whose date filters may overflow without a 500.

    Django turns a ValueError from the date hierarchy's year, month and day into
    IncorrectLookupParameters, but not an OverflowError (?started_at__year=2147483648), and
    a year the database's date type cannot hold (a full-width ?started_at__year=１ is year
    1, which is out of range in UTC from Asia/Shanghai) fails only when the list is counted.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class SafeFiltersMixin:
    """For every ModelAdmin of ours: filters from the query string that cannot be applied
    send the editor to the unfiltered list (the admin's ?e=1) with a message saying so."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            self.message_user(
                request,
                _("That filter could not be applied, so the list is shown without it."),
                messages.WARNING,
            )
            raise
