"""Spoken answers: how a user chose to answer, the recordings, and how they spoke.

A recording belongs to one answer and is made of parts: one part per run of the browser's
MediaRecorder (a reload mid-recording starts a new part of the same recording). The
browser sends each part in numbered chunks every few seconds; a chunk is stored once
(its number is unique within its part), and a finished part's chunks are joined into one
playable file. Every file goes through Django's storage API under an unguessable name and
is served only by a view that checks the owner.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerMode(models.TextChoices):
    TYPE = "type", _("Type")
    SPEAK = "speak", _("Speak")
    BOTH = "both", _("Speak and type")


class VoicePreference(models.Model):
    """The way a user answers unless they choose otherwise when starting."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voice_preference"
    )
    answer_mode = models.CharField(
        _("answer by"), max_length=10, choices=AnswerMode.choices, default=AnswerMode.TYPE
    )

    def __str__(self):
        return f"{self.user_id}: {self.answer_mode}"


class InterviewVoice(models.Model):
    """The way of answering chosen for one interview (the user's default when not chosen)."""

    interview = models.OneToOneField(
        "interview.Interview", on_delete=models.CASCADE, related_name="voice"
    )
    answer_mode = models.CharField(max_length=10, choices=AnswerMode.choices)

    def __str__(self):
        return f"{self.interview_id}: {self.answer_mode}"


class Recording(models.Model):
    """What the user said for one answer, and the figures measured while they spoke."""

    class Transcript(models.TextChoices):
        NONE = "none", _("none")
        PENDING = "pending", _("waiting")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    answer = models.OneToOneField(
        "interview.Answer", on_delete=models.CASCADE, related_name="recording"
    )
    # The answer's owner, kept here for quotas and the owner check without a join.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recordings"
    )
    bytes_total = models.PositiveBigIntegerField(default=0)
    # Chunks ever stored for this answer (their rows go once joined), for MAX_CHUNKS_PER_ANSWER.
    chunk_count = models.PositiveIntegerField(default=0)
    # Measured in the browser from the input level (no transcript needed); null until sent.
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    speaking_ms = models.PositiveIntegerField(null=True, blank=True)
    silence_share = models.FloatField(null=True, blank=True)
    long_pauses = models.PositiveSmallIntegerField(null=True, blank=True)
    longest_pause_ms = models.PositiveIntegerField(null=True, blank=True)
    transcript = models.TextField(blank=True)
    transcript_status = models.CharField(
        max_length=10, choices=Transcript.choices, default=Transcript.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return str(self.pk)


def part_path(part, filename):
    return f"recordings/{part.recording.user_id}/{uuid.uuid4().hex}{part.extension}"


def chunk_path(chunk, filename):
    return f"recording-chunks/{chunk.part.recording.user_id}/{uuid.uuid4().hex}.part"


class RecordingPart(models.Model):
    """One run of the browser's recorder: a playable file once its chunks are joined."""

    EXTENSIONS = {"audio/webm": ".webm", "audio/mp4": ".m4a", "audio/ogg": ".ogg"}

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveSmallIntegerField()  # 1, 2, ... in the order they were made
    # The browser's own id for this run, so a retried first chunk does not start another.
    client_key = models.CharField(max_length=64)
    # The container the browser recorded, as checked on the server (without codecs).
    content_type = models.CharField(max_length=40)
    file = models.FileField(upload_to=part_path, blank=True)
    bytes_total = models.PositiveBigIntegerField(default=0)
    # Chunks numbered below this are in `file` already: a retried one is not stored again.
    joined_sequences = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "number"], name="voice_part_number"),
            models.UniqueConstraint(fields=["recording", "client_key"], name="voice_part_key"),
        ]

    def __str__(self):
        return f"{self.recording_id} #{self.number}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, ".bin")


class RecordingChunk(models.Model):
    """A few seconds of a part, as it arrived; deleted once the part's file is joined."""

    part = models.ForeignKey(RecordingPart, on_delete=models.CASCADE, related_name="chunks")
    sequence = models.PositiveIntegerField()
    file = models.FileField(upload_to=chunk_path)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["part", "sequence"], name="voice_chunk_sequence"),
        ]

    def __str__(self):
        return f"{self.part_id} · {self.sequence}"
