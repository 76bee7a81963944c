"""Site-wide pages that belong to no single app."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from questions.models import Question, Tag


@require_GET
def home(request):
    """Landing page: what the site is for and where to begin."""
    context = {
        "question_count": Question.objects.active().count(),
        "tags": Tag.objects.all(),
    }
    return render(request, "home.html", context)


def csrf_failure(request, reason=""):
    """A rejected form explains itself in our layout instead of Django's bare page."""
    return render(request, "403_csrf.html", status=403)
