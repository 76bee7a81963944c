from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Question bank")

    def ready(self):
        from core.pages import register_home
        from core.serving import register_warm_up
        from questions import generation
        from questions.markdown import warm_up
        from questions.views import landing

        register_home(landing, signed_in=False)
        generation.connect(self)
        # Serving processes compile the common code lexers before their first request.
        register_warm_up(warm_up)
