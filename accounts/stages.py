"""Our sign-in stage, loaded by allauth by its path (see AccountAdapter.get_login_stages).

It lives apart from the adapter: importing allauth's stages while the adapter loads (as
`check --deploy` does) runs into a circular import inside allauth.
"""

from allauth.account import stages
from allauth.account.models import EmailAddress
from django.conf import settings

NO_VERIFICATION = "none"


class EmailVerificationStage(stages.EmailVerificationStage):
    """Sign-ups wait for the confirmation link; later sign-ins follow DJANGO_EMAIL_VERIFICATION
    (by default "mandatory": an unconfirmed address is sent a link instead of signing in).

    ACCOUNT_EMAIL_VERIFICATION is "mandatory" so that sign-up does not reveal which
    addresses have accounts. Staff accounts made with createsuperuser (or in the admin) have
    no address record, since only sign-up makes one: an administrator vouched for them, so
    they sign in without a link.
    """

    def handle(self):
        if not self.login.signup:
            self.login.email_verification = settings.EMAIL_VERIFICATION_AT_SIGN_IN
            if made_by_an_administrator(self.login.user):
                self.login.email_verification = NO_VERIFICATION
        return super().handle()


def made_by_an_administrator(user) -> bool:
    """A staff account without any address record: sign-up always makes one."""
    return (
        user is not None
        and user.is_staff
        and not EmailAddress.objects.filter(user_id=user.pk).exists()
    )
