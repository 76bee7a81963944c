"""factory_boy factories for feedback: an answer's key-point coverage, and missed points."""

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from feedback.models import Coverage, MissedPoint
from interview.tests.factories import AnswerFactory
from questions.tests.factories import QuestionFactory


class CoverageFactory(factory.django.DjangoModelFactory):
    """How a submitted answer (made for it unless given) covered its question's key points:
    pass `points` with `found`/`total` to match."""

    class Meta:
        model = Coverage

    answer = factory.SubFactory(AnswerFactory, done=True)
    user = factory.SelfAttribute("answer.user")
    question = factory.SelfAttribute("answer.question")
    points = factory.LazyFunction(list)
    checked_at = factory.LazyAttribute(lambda coverage: coverage.answer.submitted_at)


class MissedPointFactory(factory.django.DjangoModelFactory):
    """A key point of a question one user has been checked on, and missed `misses` times."""

    class Meta:
        model = MissedPoint

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)
    label_zh = factory.Sequence(lambda n: f"要点{n}")
    label_en = factory.Sequence(lambda n: f"Point {n}")
    misses = 1
    checks = 1
    last_missed_at = factory.LazyFunction(timezone.now)
