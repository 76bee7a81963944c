"""allauth, adjusted for this site: see ACCOUNT_ADAPTER in config/settings.py."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

ALLAUTH_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"


# Banners nobody can act on: the header already shows whether you are signed in, and the
# "check your email" page says where the mail went.
QUIET_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
    "account/messages/email_confirmation_sent.txt",
}


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter with our verification stage and a lockout message with a way out."""

    error_messages = DefaultAccountAdapter.error_messages | {
        # Anyone who knows an address can lock it; a reset mail only reaches the owner,
        # clears the lock and signs them in (ACCOUNT_LOGIN_ON_PASSWORD_RESET).
        "too_many_login_attempts": _(
            "Too many failed sign-in attempts. Wait a few minutes, or reset your password "
            "to sign in right away."
        ),
    }

    def get_login_stages(self) -> list[str]:
        return [
            "accounts.stages.EmailVerificationStage" if path == ALLAUTH_VERIFICATION_STAGE else path
            for path in super().get_login_stages()
        ]

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)
