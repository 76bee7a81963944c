"""Voice's part of the account export: the chosen way of answering and each recording's
figures in the JSON, and every recording's files in the ZIP (registered in ready)."""

from voice.models import RecordingPart, VoicePreference


def _parts(user):
    return (
        RecordingPart.objects.filter(recording__user=user)
        .exclude(file="")
        .select_related("recording__answer")
        .order_by("recording__created_at", "number")
    )


def _file_name(part) -> str:
    answer = part.recording.answer
    where = f"interview-{answer.interview_id}-question-{answer.position}"
    return f"{where}-part-{part.number}{part.extension}"


def voice_data(user) -> dict:
    preference = VoicePreference.objects.filter(user=user).first()
    recordings = {}
    for part in _parts(user):
        recording = part.recording
        entry = recordings.setdefault(
            recording.pk,
            {
                "interview": recording.answer.interview_id,
                "question_position": recording.answer.position,
                "created_at": recording.created_at,
                "duration_ms": recording.duration_ms,
                "speaking_ms": recording.speaking_ms,
                "silence_share": recording.silence_share,
                "long_pauses": recording.long_pauses,
                "longest_pause_ms": recording.longest_pause_ms,
                "transcript": recording.transcript,
                "files": [],
            },
        )
        entry["files"].append(f"voice/{_file_name(part)}")
    return {
        "answer_mode": preference.answer_mode if preference else None,
        "recordings": list(recordings.values()),
    }


def voice_files(user):
    """Each recorded part's file, opened one at a time as the ZIP takes it."""
    for part in _parts(user).iterator():
        yield _file_name(part), part.file.open("rb")
