"""Grading an answer with the optional AI grader: the only code that writes Grading.

`grading_request` runs in the submit's transaction (from the answer_done receiver) and
queues the job on commit; `grading_run` is the job. A verdict is kept only if its quote
occurs in the answer after folding; the grader never touches the rating or the
suggested rating.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from core.clock import now as clock_now
from feedback.engine.normalize import fold_term
from feedback.grader.gateway import PROMPT_VERSION, Endpoint, GraderError, grade, user_prompt
from feedback.grader.limits import GRADER_DAILY_CAP, GRADER_QUOTE_MAX_CHARS
from feedback.models import Grading
from interview.models import Answer


def configured_endpoint() -> Endpoint | None:
    """The endpoint from settings, or None when the grader is off (the default)."""
    if not (settings.OPENAI_BASE_URL and settings.OPENAI_MODEL):
        return None
    return Endpoint(settings.OPENAI_BASE_URL, settings.OPENAI_MODEL, settings.OPENAI_API_KEY)


def endpoint_host(endpoint: Endpoint) -> str:
    """Where answers go, for the account page and the record: scheme, host and port."""
    parts = urlsplit(endpoint.base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else endpoint.base_url


def grading_request(*, answer: Answer, now: datetime) -> Grading | None:
    """Record a pending grading and queue it once the submit commits; None when the
    grader is off, the answer is not a submitted one with key points, it is graded
    already, or the user reached GRADER_DAILY_CAP today."""
    endpoint = configured_endpoint()
    points = answer.key_points_snapshot or []
    if endpoint is None or answer.status != Answer.Status.SUBMITTED or not points:
        return None
    user_id = answer.interview.user_id
    if Grading.objects.filter(answer=answer).exists():
        return None
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    graded_today = Grading.objects.filter(
        user_id=user_id, requested_at__gte=day_start, requested_at__lt=day_start + timedelta(1)
    ).count()
    if graded_today >= GRADER_DAILY_CAP:
        return None
    grading = Grading.objects.create(
        answer=answer,
        user_id=user_id,
        endpoint_host=endpoint_host(endpoint),
        model=endpoint.model,
        prompt_version=PROMPT_VERSION,
        prompt=user_prompt(answer.question.title, answer.submitted_text, points),
        requested_at=now,
    )
    from feedback.grader.tasks import grade_answer  # tasks import this module

    transaction.on_commit(lambda: grade_answer.enqueue(grading.pk))
    return grading


def kept_verdicts(text: str, points: list[dict], verdicts) -> tuple[list[dict], int]:
    """Per point, the verdict whose quote occurs in the answer after folding (a missing
    verdict needs none), else {}; and how many verdicts were dropped."""
    folded = fold_term(text)
    by_point: list[dict] = [{} for _ in points]
    dropped = 0
    for verdict in verdicts:
        index = verdict.point - 1
        if not 0 <= index < len(points) or by_point[index]:
            dropped += 1
            continue
        quote = verdict.quote.strip()
        if verdict.verdict != "missing" and not (quote and fold_term(quote) in folded):
            dropped += 1
            continue
        by_point[index] = {"verdict": verdict.verdict, "quote": quote[:GRADER_QUOTE_MAX_CHARS]}
    return by_point, dropped


def grading_run(*, grading_id: int, endpoint: Endpoint | None = None) -> Grading | None:
    """Ask the endpoint about one pending grading and keep what its quotes support."""
    grading = Grading.objects.select_related("answer").filter(pk=grading_id).first()
    if grading is None or grading.finished:
        return grading
    endpoint = endpoint or configured_endpoint()
    answer = grading.answer
    points = answer.key_points_snapshot or []
    try:
        if endpoint is None:
            raise GraderError("the grader is no longer configured")
        verdicts = grade(endpoint, prompt=grading.prompt)
    except GraderError as error:
        grading.status, grading.error = Grading.Status.FAILED, str(error)[:300]
    else:
        grading.verdicts, grading.dropped = kept_verdicts(answer.submitted_text, points, verdicts)
        grading.status = Grading.Status.DONE if any(grading.verdicts) else Grading.Status.FAILED
        if grading.status == Grading.Status.FAILED:
            grading.error = "no verdict quoted the answer"
    grading.finished_at = clock_now()
    grading.save(update_fields=["status", "error", "verdicts", "dropped", "finished_at"])
    return grading
