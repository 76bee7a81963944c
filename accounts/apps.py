from allauth.account import apps as allauth_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "accounts"
    verbose_name = _("User accounts")


class AllauthAccountConfig(allauth_apps.AccountConfig):
    """allauth's account app under a name of its own: it is also called "Accounts", so the
    admin showed two groups of that name. What it keeps there is sign-in email addresses."""

    default = False
    verbose_name = _("Email addresses")
