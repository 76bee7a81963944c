from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    """Spoken answers: recordings, how one spoke, dictation and transcripts."""

    name = "voice"
    verbose_name = _("Voice")

    def ready(self):
        from interview.extensions import register_answer_annotator
        from voice import joins  # also connects joins.join_on_done to answer_done

        # Answers come with their recording (a join): answer_done's receiver and the pages'
        # players read it without a query of their own.
        register_answer_annotator(joins.with_recording, related=("recording",))
