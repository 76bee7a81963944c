"""Account forms: sign-up that does not reveal who has an account."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form; with a known address it mails the owner and creates nothing."""

    def try_save(self, request):
        if self.account_already_exists:
            # A new account costs one password hash, tens of milliseconds; spend the same
            # here, or the response time would tell which addresses have accounts.
            make_password(get_random_string(32))
        return super().try_save(request)
