from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Key-point feedback: which points of the model answer an answer covers."""

    name = "feedback"
    verbose_name = _("Feedback")
