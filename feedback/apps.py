from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Key-point feedback: which points of the model answer an answer covers."""

    name = "feedback"
    verbose_name = _("Feedback")

    def ready(self):
        from accounts.sections import register_section
        from core.serving import register_warm_up
        from feedback import receivers  # noqa: F401  (connects the signal receivers)
        from feedback.display import key_point_feedback
        from feedback.engine.statements import warm_up
        from feedback.grader.account import SECTION
        from feedback.grader.display import grading_annotator
        from feedback.progress import progress_context
        from interview.extensions import register_answer_annotator, register_progress_section

        register_answer_annotator(key_point_feedback, related=("coverage",))
        register_answer_annotator(grading_annotator, related=("grading",))
        register_section(SECTION)
        register_progress_section("feedback/_progress.html", progress_context)
        # Serving processes load the word dictionary before their first request.
        register_warm_up(warm_up)
