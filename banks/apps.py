from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BanksConfig(AppConfig):
    """Question banks in and out: imports, exports, Anki decks and the question basket."""

    name = "banks"
    verbose_name = _("Banks")

    def ready(self):
        from banks.history_csv import HISTORY_LINK
        from banks.rows import toggle_pieces
        from banks.slots import annotate_questions, attempts_context
        from interview.extensions import register_attempts_slot, register_history_link
        from questions.extensions import (
            AdminImport,
            QuestionSlot,
            register_admin_import,
            register_list_link,
            register_question_slot,
        )

        register_list_link("banks/_anki_link.html")
        register_admin_import(AdminImport(_("Import an Anki deck"), "banks:anki_import"))
        register_question_slot(
            QuestionSlot(
                name="basket",
                annotate=annotate_questions,
                row_template="banks/_row_toggle.html",
                row_pieces=toggle_pieces,
                page_template="banks/_page_toggle.html",
                list_template="banks/_badge.html",
            )
        )
        register_attempts_slot("banks/_attempts_toggle.html", attempts_context)
        register_history_link(HISTORY_LINK)
