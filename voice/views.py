"""The recorder's HTTP API (VOICE_API.md): chunks in, a part finished, the state after a
reload, the audio with Range support, and deleting a recording. Thin: forms check the
input, services change things, and a refusal becomes JSON with its status."""

from functools import wraps

from django.db.models import Max, Sum
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse, StreamingHttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import clock
from core.caching import NO_STORE
from interview.models import Answer
from voice import limits, services
from voice.forms import ChunkForm, DeleteForm, FinishForm, first_error
from voice.models import Recording, RecordingPart
from voice.ranges import UNSATISFIABLE, parse_range

STATUS = {
    "bad-request": 400,
    "not-audio": 400,
    "type": 415,
    "chunk-too-large": 413,
    "answer-too-large": 413,
    "too-many-chunks": 413,
    "quota": 413,
    "closed": 409,
    "not-found": 404,
}
READ_SIZE = 64 * 1024


def error_response(error: services.VoiceError) -> JsonResponse:
    response = JsonResponse(
        {"error": str(error.message), "code": error.code}, status=STATUS.get(error.code, 400)
    )
    response["Cache-Control"] = NO_STORE
    return response


def api(view):
    """Anonymous requests get 404 like anyone else's; a VoiceError becomes its JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if not request.user.is_authenticated:
                raise services.NotFound()
            return view(request, *args, **kwargs)
        except services.VoiceError as error:
            return error_response(error)

    return wrapper


def _answer(request, interview_id: int, position: int) -> Answer:
    answer = (
        Answer.objects.select_related("interview")
        .filter(interview_id=interview_id, position=position, user=request.user)
        .first()
    )
    if answer is None:
        raise services.NotFound()
    return answer


def _recording(request, recording_id) -> Recording:
    recording = (
        Recording.objects.select_related("answer")
        .filter(pk=recording_id, user=request.user)
        .first()
    )
    if recording is None:
        raise services.NotFound()
    return recording


@require_POST
@api
def chunk(request, interview_id, position):
    """Store one chunk of a part (idempotent by part and sequence)."""
    answer = _answer(request, interview_id, position)
    form = ChunkForm(request.POST, request.FILES)
    if not form.is_valid():
        raise services.BadRequest(first_error(form))
    data = form.cleaned_data["chunk"].read(limits.MAX_CHUNK_BYTES + 1)
    result = services.chunk_store(
        answer=answer,
        part_key=form.cleaned_data["part"],
        sequence=form.cleaned_data["sequence"],
        mime=form.cleaned_data["mime"],
        data=data,
        now=clock.now(),
    )
    return JsonResponse(
        {
            "stored": result.stored,
            "part": result.part,
            "sequence": result.sequence,
            "bytes_total": result.bytes_total,
        }
    )


@require_POST
@api
def finish(request, interview_id, position):
    """Join a part's chunks into its file and store the figures measured so far."""
    answer = _answer(request, interview_id, position)
    form = FinishForm(request.POST)
    if not form.is_valid():
        raise services.BadRequest(first_error(form))
    recording = services.part_finish(
        answer=answer,
        part_key=form.cleaned_data["part"],
        duration_ms=form.cleaned_data["duration_ms"],
        figures=form.figures(),
        now=clock.now(),
    )
    return JsonResponse({"finished": True, "recording": str(recording.pk)})


def _figures(recording: Recording | None):
    if recording is None or recording.duration_ms is None:
        return None
    return {
        "total_ms": recording.duration_ms,
        "speaking_ms": recording.speaking_ms,
        "silence_share": recording.silence_share,
        "long_pauses": recording.long_pauses,
        "longest_pause_ms": recording.longest_pause_ms,
    }


@require_safe
@api
def state(request, interview_id, position):
    """What the page needs after a reload to go on recording the same answer."""
    answer = _answer(request, interview_id, position)
    recording = Recording.objects.filter(answer=answer).first()
    parts = []
    if recording is not None:
        rows = RecordingPart.objects.filter(recording=recording).annotate(
            last_chunk=Max("chunks__sequence")
        )
        for part in rows:
            arrived = -1 if part.last_chunk is None else part.last_chunk
            parts.append(
                {
                    "key": part.client_key,
                    "number": part.number,
                    "next_sequence": max(part.joined_sequences, arrived + 1),
                    "finished": part.finished_at is not None,
                    "duration_ms": part.duration_ms,
                }
            )
    used = Recording.objects.filter(user=request.user).aggregate(total=Sum("bytes_total"))
    response = JsonResponse(
        {
            "recording": str(recording.pk) if recording else None,
            "bytes_total": recording.bytes_total if recording else 0,
            "parts": parts,
            "figures": _figures(recording),
            "limits": {
                "chunk_bytes": limits.MAX_CHUNK_BYTES,
                "answer_bytes": limits.MAX_ANSWER_BYTES,
                "max_seconds": limits.recording_cap_seconds(answer.time_limit_seconds),
                "timeslice_ms": limits.TIMESLICE_MS,
                "quota_left_bytes": max(0, limits.USER_QUOTA_BYTES - (used["total"] or 0)),
            },
        }
    )
    response["Cache-Control"] = NO_STORE
    return response


def _stream(handle, remaining: int):
    try:
        while remaining > 0:
            block = handle.read(min(READ_SIZE, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block
    finally:
        handle.close()


@require_safe
@api
def audio(request, recording_id, number):
    """A part's audio for `<audio>`: one byte range at a time when asked (206), so it seeks."""
    recording = _recording(request, recording_id)
    part = services.part_for_playback(recording=recording, number=number, now=clock.now())
    store = part.file.storage
    size = store.size(part.file.name)
    wanted = parse_range(request.headers.get("Range"), size)
    if wanted == UNSATISFIABLE:
        response = JsonResponse(
            {"error": _("That part of the recording does not exist."), "code": "range"},
            status=416,
        )
        response["Content-Range"] = f"bytes */{size}"
    else:
        first, last = wanted or (0, size - 1)
        handle = store.open(part.file.name, "rb")
        handle.seek(first)
        response = StreamingHttpResponse(
            _stream(handle, last - first + 1),
            status=206 if wanted else 200,
            content_type=part.content_type,
        )
        response["Content-Length"] = str(last - first + 1)
        if wanted:
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = NO_STORE
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@api
def delete(request, recording_id):
    """Delete one recording (its files and rows); the answer's text stays."""
    recording = _recording(request, recording_id)
    form = DeleteForm(request.POST)
    form.is_valid()  # only `next`, which is dropped when it is not a path on this site
    answer = recording.answer
    services.recording_delete(recording=recording)
    if request.htmx:
        return HttpResponse(
            format_html('<p class="voice-deleted" role="status">{}</p>', _("Recording deleted."))
        )
    return HttpResponseRedirect(form.cleaned_data.get("next") or answer.get_absolute_url())
