"""factory_boy factories for practice: cards and the review log."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from interview.tests.factories import AnswerFactory
from practice.models import Card, Review
from questions.tests.factories import QuestionFactory


class CardFactory(factory.django.DjangoModelFactory):
    """A user's card for a question, never rated; `scheduled=True` gives it a schedule
    (reviewed two days ago, due `due`)."""

    class Meta:
        model = Card

    user = factory.SubFactory(UserFactory)
    question = factory.SubFactory(QuestionFactory)

    class Params:
        scheduled = factory.Trait(
            state=Card.State.REVIEW,
            stability=2.0,
            difficulty=5.0,
            due=factory.LazyFunction(timezone.now),
            last_review=factory.LazyAttribute(lambda card: card.due - timedelta(days=2)),
            last_rating=3,
            reviews=1,
        )


class ReviewFactory(factory.django.DjangoModelFactory):
    """One rating in the log, for a rated answer (made for it unless given)."""

    class Meta:
        model = Review

    answer = factory.SubFactory(AnswerFactory, done=True, rating=3)
    user = factory.SelfAttribute("answer.user")
    question = factory.SelfAttribute("answer.question")
    rating = factory.SelfAttribute("answer.rating")
    reviewed_at = factory.LazyAttribute(lambda review: review.answer.rated_at)
