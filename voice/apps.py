from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    """Spoken answers: recordings, how one spoke, dictation and transcripts."""

    name = "voice"
    verbose_name = _("Voice")

    def ready(self):
        from interview.extensions import register_answer_panel
        from voice.recorder import recorder_panel

        register_answer_panel("voice/_recorder.html", recorder_panel)
