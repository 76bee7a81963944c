from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    """Spoken answers: recordings, how one spoke, dictation and transcripts."""

    name = "voice"
    verbose_name = _("Voice")

    def ready(self):
        from voice import joins  # noqa: F401  (joins a recording when its answer is done)
        from voice.recorder import register_recorder

        register_recorder()
