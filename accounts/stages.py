"""Our sign-in stage, loaded by allauth by its path (see AccountAdapter.get_login_stages).

It lives apart from the adapter: importing allauth's stages while the adapter loads (as
`check --deploy` does) runs into a circular import inside allauth.
"""

from allauth.account import stages
from django.conf import settings


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
