"""Related questions (the same question asked another way) share one schedule.

A card's log is the reviews of its own question and of the questions related to it, so
rating one of them counts as a review of the other; reads only, the writes are services'.
"""

from django.db.models import Exists, OuterRef, Q

from questions.models import Question

Link = Question.related.through


def has_related():
    """An expression for a card queryset: does the card's question have an active related
    question (whose card a rating must update too)?"""
    return Exists(
        Link.objects.filter(from_question=OuterRef("question"), to_question__is_active=True)
    )


def links_around(question_ids) -> dict[int, set[int]]:
    """{question: its active related questions} for these questions and for the questions
    related to them (whose logs include theirs); one query."""
    near = Link.objects.filter(from_question__in=question_ids).values("to_question")
    rows = Link.objects.filter(
        Q(from_question__in=question_ids) | Q(from_question__in=near),
        to_question__is_active=True,
    ).values_list("from_question", "to_question")
    links: dict[int, set[int]] = {}
    for source, target in rows:
        links.setdefault(source, set()).add(target)
    return links
