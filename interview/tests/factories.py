"""factory_boy factories for interviews and their answers."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from interview import services
from interview.models import Answer, Interview
from interview.tallies import tally_rating
from questions.tests.factories import QuestionFactory

__all__ = ["AnswerFactory", "InterviewFactory", "UserFactory", "interview_with"]


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    user = factory.SubFactory(UserFactory)
    question_count = 1
    started_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    """A pending answer; `shown=True` puts it on the clock, `done=True` submits it."""

    class Meta:
        model = Answer
        skip_postgeneration_save = True

    interview = factory.SubFactory(InterviewFactory)
    user = factory.SelfAttribute("interview.user")
    position = 1
    question = factory.SubFactory(QuestionFactory)
    title_snapshot = factory.SelfAttribute("question.title")
    answer_snapshot_md = factory.SelfAttribute("question.answer_md")
    time_limit_seconds = 180
    rating = None

    @factory.post_generation
    def tallies(self, create, extracted, **kwargs):
        """A rated answer counts in the user's rating tallies, as services.answer_rate does."""
        if create and self.rating is not None:
            tally_rating(answer=self, previous=None, current=(self.rating, self.rated_at))

    class Params:
        shown = factory.Trait(
            status=Answer.Status.ACTIVE,
            shown_at=factory.SelfAttribute("interview.started_at"),
            deadline=factory.LazyAttribute(
                lambda answer: answer.shown_at + timedelta(seconds=answer.time_limit_seconds)
            ),
        )
        done = factory.Trait(
            shown=True,
            status=Answer.Status.SUBMITTED,
            submission=Answer.Submission.MANUAL,
            submitted_text=factory.Sequence(lambda n: f"My answer number {n}"),
            seconds_used=60,
            submitted_at=factory.LazyAttribute(
                lambda answer: answer.shown_at + timedelta(seconds=answer.seconds_used)
            ),
            rated_at=factory.LazyAttribute(
                lambda answer: answer.submitted_at if answer.rating else None
            ),
        )


def interview_with(user, questions, *, now, minutes=None) -> Interview:
    """An interview of exactly these questions, in this order, started at `now`."""
    return services.interview_start(
        user=user,
        tags=[],
        question_count=len(questions),
        minutes_per_question=minutes,
        prefer_unseen=False,
        now=now,
        questions=list(questions),
    )
