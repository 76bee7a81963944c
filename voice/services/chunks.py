"""Storing the chunks the browser sends while a user speaks: each once, within the limits."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Sum
from django.utils.translation import gettext as _

from interview.models import Answer
from voice import limits
from voice.models import Recording, RecordingChunk, RecordingPart
from voice.modes import answer_mode_for, records_audio
from voice.services.errors import BadRequest, Closed, NotAudio, TooLarge, WrongType
from voice.services.joining import delete_files, join_pending


@dataclass(frozen=True)
class ChunkResult:
    stored: bool
    part: int
    sequence: int
    bytes_total: int


def container_of(mime: str) -> str:
    """`audio/webm;codecs=opus` → `audio/webm`: the container, without its codecs."""
    return mime.split(";", 1)[0].strip().lower()


def has_magic(container: str, data: bytes) -> bool:
    """Whether `data` starts as `container`'s files start (WebM, MP4 or Ogg)."""
    offset, magic = limits.MAGIC[container]
    return data[offset : offset + len(magic)] == magic


def locked_answer(answer: Answer) -> Answer:
    """The answer's row, locked: chunks of one answer are stored one at a time."""
    return (
        Answer.objects.select_for_update(of=("self",)).select_related("interview").get(pk=answer.pk)
    )


def done_at(answer: Answer) -> datetime | None:
    return answer.submitted_at if answer.is_done else None


def accepting(answer: Answer, now: datetime) -> bool:
    """Audio lands while the answer is on the clock, and for GRACE_SECONDS after it is done
    (the last chunks leave the browser after Submit or the timer)."""
    if answer.status == Answer.Status.ACTIVE and answer.interview.is_open:
        return True
    finished = done_at(answer)
    return finished is not None and now <= finished + timedelta(seconds=limits.GRACE_SECONDS)


def ensure_accepting(answer: Answer, now: datetime) -> None:
    if not accepting(answer, now):
        raise Closed(_("This answer no longer takes audio: it was finished a while ago."))


def _check_limits(answer: Answer, recording: Recording | None, size: int) -> None:
    if recording is not None:
        if recording.chunk_count + 1 > limits.MAX_CHUNKS_PER_ANSWER:
            raise TooLarge(_("This answer has too many pieces of audio."), "too-many-chunks")
        if recording.bytes_total + size > limits.MAX_ANSWER_BYTES:
            raise TooLarge(
                _("This recording reached its size limit (%(mb)d MB).")
                % {"mb": limits.MAX_ANSWER_BYTES // (1024 * 1024)},
                "answer-too-large",
            )
    used = Recording.objects.filter(user_id=answer.user_id).aggregate(total=Sum("bytes_total"))
    if (used["total"] or 0) + size > limits.USER_QUOTA_BYTES:
        raise TooLarge(
            _("Your recordings fill your space (%(mb)d MB): delete some to record again.")
            % {"mb": limits.USER_QUOTA_BYTES // (1024 * 1024)},
            "quota",
        )


def _check_chunk(container: str, sequence: int, data: bytes) -> None:
    """What can be refused before anything is read from the database."""
    if container not in limits.CONTAINERS:
        raise WrongType(_("This kind of audio cannot be stored (WebM, MP4 or Ogg only)."))
    if not data:
        raise BadRequest(_("The piece of audio was empty."))
    if len(data) > limits.MAX_CHUNK_BYTES:
        raise TooLarge(_("This piece of audio is too large."), "chunk-too-large")
    if sequence == 0 and not has_magic(container, data):
        raise NotAudio(_("This is not the audio it claims to be."))


def _new_part(recording: Recording, part_key: str, container: str) -> RecordingPart:
    highest = recording.parts.aggregate(highest=Max("number"))["highest"] or 0
    return RecordingPart.objects.create(
        recording=recording, number=highest + 1, client_key=part_key, content_type=container
    )


def chunk_store(
    *, answer: Answer, part_key: str, sequence: int, mime: str, data: bytes, now: datetime
) -> ChunkResult:
    """Store one chunk of the part `part_key` (the browser's id for one run of its recorder).

    Chunks may arrive in any order (the first one's magic bytes are checked whenever it
    comes). Idempotent: a chunk already stored (or already joined into the part's file) is not
    stored again (`stored=False`). Every limit is checked before anything is written, and a
    refusal or failure leaves nothing behind: a file written before its row is deleted. A
    chunk arriving after the answer is done (within the grace time) is joined at once.
    """
    container = container_of(mime)
    _check_chunk(container, sequence, data)
    written = None
    try:
        with transaction.atomic():
            answer = locked_answer(answer)
            ensure_accepting(answer, now)
            if not records_audio(answer_mode_for(answer.interview)):
                raise Closed(_("This interview is answered by typing only."))
            recording = Recording.objects.filter(answer=answer).first()
            part = None
            if recording is not None:
                part = recording.parts.filter(client_key=part_key).first()
            if part is not None:
                if part.content_type != container:
                    raise BadRequest(_("This piece of audio is of another kind than the rest."))
                if (
                    sequence < part.joined_sequences
                    or part.chunks.filter(sequence=sequence).exists()
                ):
                    return ChunkResult(False, part.number, sequence, recording.bytes_total)
            _check_limits(answer, recording, len(data))
            if recording is None:
                recording = Recording.objects.create(answer=answer, user_id=answer.user_id)
            if part is None:
                part = _new_part(recording, part_key, container)
            chunk = RecordingChunk(part=part, sequence=sequence, size=len(data))
            chunk.file.save("chunk", ContentFile(data), save=False)
            written = chunk.file.name
            try:
                with transaction.atomic():
                    chunk.save()
            except IntegrityError:
                # Only without a row lock (a database that has none) can a copy get here.
                delete_files([written])
                written = None
                return ChunkResult(False, part.number, sequence, recording.bytes_total)
            Recording.objects.filter(pk=recording.pk).update(
                bytes_total=F("bytes_total") + len(data), chunk_count=F("chunk_count") + 1
            )
            RecordingPart.objects.filter(pk=part.pk).update(
                bytes_total=F("bytes_total") + len(data)
            )
            if answer.is_done:
                join_pending(part, now=now)
    except BaseException:
        if written:
            delete_files([written])
        raise
    return ChunkResult(True, part.number, sequence, recording.bytes_total + len(data))
