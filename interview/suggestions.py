"""What to practise after a single question: the next one due, and one on the same topic.

The "due" suggestion comes from the preferred mode the schedule registers (see
`interview.selection`), so this app names no add-on.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef

from interview import selection
from questions.models import Question


@dataclass(frozen=True)
class Suggestion:
    """A question to practise next, and why it is offered (`kind`: "due" or "similar")."""

    kind: str
    question: Question


_FIELDS = ("pk", "number", "slug", "title")


def next_questions(*, user, question: Question, now: datetime) -> list[Suggestion]:
    """At most two suggestions, never `question` itself nor one of its related questions
    (the same question in other words): the most overdue question of the preferred mode,
    then a question on the same topics, unseen ones first, in bank order. Three queries."""
    others = (
        Question.objects.active()
        .exclude(pk=question.pk)
        .exclude(pk__in=question.related.values("pk"))
    )
    suggestions = []
    preferred = next((mode for mode in selection.modes() if mode.preferred), None)
    if preferred is not None:
        choice = selection.Choice(user=user, tags=[], count=1, now=now, top_up=False)
        picked = preferred.pick(choice, others)[:1]
        due = list(Question.objects.filter(pk__in=picked).only(*_FIELDS))
        if due:
            suggestions.append(Suggestion("due", due[0]))
    same_topic = Question.tags.through.objects.filter(
        question_id=OuterRef("pk"), tag_id__in=question.tags.values("pk")
    )
    similar = (
        others.exclude(pk__in=[s.question.pk for s in suggestions])
        .filter(Exists(same_topic))
        .annotate(seen=Exists(selection.seen_by(user)))
        .order_by("seen", "number", "pk")
        .only(*_FIELDS)
        .first()
    )
    if similar is not None:
        suggestions.append(Suggestion("similar", similar))
    return suggestions
