from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BanksConfig(AppConfig):
    """Question banks in and out: imports, exports, Anki decks and the question basket."""

    name = "banks"
    verbose_name = _("Banks")

    def ready(self):
        from questions.extensions import AdminImport, register_admin_import, register_list_link

        register_list_link("banks/_anki_link.html")
        register_admin_import(AdminImport(_("Import an Anki deck"), "banks:anki_import"))
