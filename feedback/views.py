"""The grader's fragment on the reveal: polled by htmx until the grading is done or failed."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from feedback.grader.display import grading_view
from feedback.models import Grading


@require_GET
def grading_fragment(request, answer_id: int):
    """The AI grader's verdicts for one of the user's answers (404 for anyone else's)."""
    if not request.user.is_authenticated:
        raise Http404
    grading = (
        Grading.objects.select_related("answer__coverage")
        .filter(answer_id=answer_id, user=request.user)
        .first()
    )
    if grading is None:
        raise Http404
    return render(request, "feedback/_grading.html", {"grading": grading_view(grading)})
