from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    """Spoken answers: recordings, how one spoke, dictation and transcripts."""

    name = "voice"
    verbose_name = _("Voice")

    def ready(self):
        from accounts.export import register_exporter, register_file_exporter
        from accounts.sections import register_section
        from interview.extensions import (
            register_answer_annotator,
            register_attempts_extra,
            register_reveal_extra,
            register_start_option,
        )
        from voice import (
            joins,  # noqa: F401  (joins a recording when its answer is done)
            receivers,  # noqa: F401  (transcripts; files go with the account)
        )
        from voice.account import ANSWER_MODE_SECTION
        from voice.attempts import spoken_attempts
        from voice.export import voice_data, voice_files
        from voice.playback import spoken_answers
        from voice.recorder import register_recorder
        from voice.start_option import ANSWER_MODE_OPTION

        # Answers come with their recording (a join): answer_done's receiver and the pages'
        # players read it without a query of their own.
        register_answer_annotator(joins.with_recording, related=("recording",))
        # Around a recording: how to answer, playing it back, the account's data.
        register_start_option(ANSWER_MODE_OPTION)
        register_answer_annotator(spoken_answers, related=("recording",))
        register_reveal_extra("voice/_playback.html")
        register_attempts_extra("voice/_attempts.html", spoken_attempts)
        register_section(ANSWER_MODE_SECTION)
        register_exporter("voice", voice_data)
        register_file_exporter("voice", voice_files)
        # The recorder on the answer page.
        register_recorder()
