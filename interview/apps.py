from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewConfig(AppConfig):
    name = "interview"
    verbose_name = _("Interviews")

    def ready(self):
        from accounts.export import register_exporter
        from interview.export import interviews_data

        register_exporter("interviews", interviews_data)
