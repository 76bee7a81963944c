"""allauth, adjusted for this site: see ACCOUNT_ADAPTER in config/settings.py."""

from allauth.account import stages
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

ALLAUTH_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"


class EmailVerificationStage(stages.EmailVerificationStage):
    """Sign-ups wait for the confirmation link; later sign-ins follow DJANGO_EMAIL_VERIFICATION.

    ACCOUNT_EMAIL_VERIFICATION is "mandatory" so that sign-up does not reveal which
    addresses have accounts; accounts that never confirmed (older sign-ups, admins made with
    createsuperuser) still sign in as before unless the operator asks for more.
    """

    def handle(self):
        if not self.login.signup:
            self.login.email_verification = settings.EMAIL_VERIFICATION_AT_SIGN_IN
        return super().handle()


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
            "accounts.adapter.EmailVerificationStage"
            if path == ALLAUTH_VERIFICATION_STAGE
            else path
            for path in super().get_login_stages()
        ]
