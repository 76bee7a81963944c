"""What the answer pages show of a recording: the parts to play, their length, how the user
spoke, and a server transcript to offer. One annotator, a fixed number of queries a page."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from interview.models import Answer
from voice import speaking
from voice.models import AnswerMode, InterviewVoice, Recording, RecordingPart
from voice.modes import default_mode


@dataclass
class PlayablePart:
    number: int
    url: str
    duration_ms: int | None
    content_type: str


@dataclass
class SpokenAnswer:
    """A recording as the pages show it (set as `answer.spoken`; None without one)."""

    recording: Recording
    parts: list[PlayablePart] = field(default_factory=list)
    figures: speaking.Figures | None = None

    @property
    def duration_ms(self) -> int | None:
        known = [part.duration_ms for part in self.parts if part.duration_ms is not None]
        if self.recording.duration_ms is not None:
            return self.recording.duration_ms
        return sum(known) if known else None

    @property
    def transcript(self) -> str:
        """The server's transcript, when it has one (offered, never written in for them)."""
        done = self.recording.transcript_status == Recording.Transcript.DONE
        return self.recording.transcript if done else ""

    @property
    def transcript_pending(self) -> bool:
        return self.recording.transcript_status == Recording.Transcript.PENDING

    @property
    def delete_url(self) -> str:
        return reverse("voice:delete", kwargs={"recording_id": self.recording.pk})


def part_audio_url(recording_id, number: int) -> str:
    return reverse("voice:audio", kwargs={"recording_id": recording_id, "number": number})


def spoken_answers(answers, *, user, now) -> None:
    """Annotator: sets `answer.spoken` on each answer. Answers loaded with their recording
    (interview.extensions.answer_relations) cost one query for the parts, and none when
    none was recorded; others one query in all. One or two more only where a dictated
    answer may serve as the transcript."""
    known, missing = [], []
    for answer in answers:
        answer.spoken = None
        if Answer.recording.is_cached(answer):
            recording = getattr(answer, "recording", None)
            if recording is not None:
                known.append(recording.pk)
        else:
            missing.append(answer.pk)
    if not known and not missing:
        return
    wanted = Q(recording__in=known) | Q(recording__answer_id__in=missing)
    parts = (
        RecordingPart.objects.filter(wanted, recording__user=user)
        .select_related("recording")
        .order_by("recording_id", "number")
    )
    attach_parts(answers, parts, user=user)


def attach_parts(answers, parts, *, user) -> None:
    """Set `answer.spoken` (None already on each) from the recordings' parts, in order."""
    by_answer = {answer.pk: answer for answer in answers}
    for part in parts:
        answer = by_answer[part.recording.answer_id]
        if answer.spoken is None:
            answer.spoken = SpokenAnswer(recording=part.recording)
        answer.spoken.parts.append(
            PlayablePart(
                number=part.number,
                url=part_audio_url(part.recording_id, part.number),
                duration_ms=part.duration_ms,
                content_type=part.content_type,
            )
        )
    spoken = [answer for answer in answers if answer.spoken is not None]
    modes = _modes_for_dictation(spoken, user=user)
    for answer in spoken:
        answer.spoken.figures = _figures(answer, modes.get(answer.interview_id))


def _modes_for_dictation(answers, *, user) -> dict[int, str]:
    """The answer mode of each interview whose answers may need a dictated transcript."""
    needed = {
        answer.interview_id
        for answer in answers
        if not answer.spoken.transcript and answer.submitted_text.strip()
    }
    if not needed:
        return {}
    chosen = dict(
        InterviewVoice.objects.filter(interview_id__in=needed).values_list(
            "interview_id", "answer_mode"
        )
    )
    if len(chosen) < len(needed):
        fallback = default_mode(user)
        chosen = {pk: chosen.get(pk, fallback) for pk in needed}
    return chosen


def _figures(answer, mode: str | None) -> speaking.Figures:
    """The server transcript when there is one; else, when the interview was spoken only
    (the answer box then holds the browser's dictation), the submitted text."""
    recording = answer.spoken.recording
    text, source = answer.spoken.transcript, "server"
    if not text and mode == AnswerMode.SPEAK:
        text, source = answer.submitted_text, "dictation"
    return speaking.figures(
        duration_ms=answer.spoken.duration_ms,
        speaking_ms=recording.speaking_ms,
        silence_share=recording.silence_share,
        long_pauses=recording.long_pauses,
        longest_pause_ms=recording.longest_pause_ms,
        transcript=text or "",
        transcript_source=source,
    )
