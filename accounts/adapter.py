"""allauth, adjusted for this site: see ACCOUNT_ADAPTER in config/settings.py."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

ALLAUTH_VERIFICATION_STAGE = "allauth.account.stages.EmailVerificationStage"


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
