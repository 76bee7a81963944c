from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    """Spaced repetition on top of the interviews: what is due, stars, today's plan."""

    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from accounts.export import register_exporter
        from accounts.sections import register_section
        from core.pages import register_home
        from interview.extensions import register_answer_annotator
        from practice import receivers  # noqa: F401  (connects the signal receivers)
        from practice.account import RETENTION_SECTION
        from practice.annotations import rating_intervals
        from practice.bank import BANK_EXTENSION
        from practice.export import practice_data
        from practice.modes import register_modes
        from practice.views import home
        from questions.extensions import register_list_extension

        register_modes()
        register_answer_annotator(rating_intervals, related=("review",))
        register_list_extension(BANK_EXTENSION)
        register_exporter("practice", practice_data)
        register_home(home, signed_in=True)
        register_section(RETENTION_SECTION)
