"""The attempts page and a question's page send the bytes they sent before their add-on
pieces (practice's "Practise this question" and star, banks' basket button and badge) got
cheaper: each page is rendered with the earlier templates (testsupport/templates_before/)
and with today's, in both languages, for a question in and out of the basket, starred or
not, due or not, with a hostile title and a hostile query string."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from banks.services.basket import basket_add
from interview.tests.factories import AnswerFactory, InterviewFactory, UserFactory
from practice.tests.factories import CardFactory
from questions.tests.factories import QuestionFactory
from testsupport.markup import comparable, templates_before

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quoted' {{ braces }} %(over)s"
QUERY = '?page=1&x="><script>alert(1)</script>'


def attempted(user, title: str, rating: int | None = 3):
    question = QuestionFactory(title=title)
    interview = InterviewFactory(user=user, started_at=timezone.now() - timedelta(days=3))
    AnswerFactory(interview=interview, question=question, done=True, rating=rating)
    return question


def both(client: Client, path: str) -> tuple[str, str]:
    with templates_before():
        before = client.get(path)
    after = client.get(path)
    assert before.status_code == after.status_code == 200, path
    return before.content.decode(), after.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_attempts_and_question_pages_are_what_they_were(language):
    user = UserFactory()
    plain = attempted(user, "Plain question")
    hostile = attempted(user, HOSTILE, rating=None)
    starred = attempted(user, "Starred & due")
    CardFactory(user=user, question=starred, scheduled=True, starred=True)
    CardFactory(user=user, question=hostile, starred=False)
    basket_add(user=user, question=hostile, now=timezone.now())
    basket_add(user=user, question=starred, now=timezone.now())
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    for question in (plain, hostile, starred):
        for path in (
            f"/history/questions/{question.slug}/",
            f"/history/questions/{question.slug}/{QUERY}",
            f"/questions/{question.slug}/",
            f"/questions/{question.slug}/{QUERY}",
        ):
            before, after = both(client, path)
            assert comparable(after) == comparable(before), path
            # Again, from what was kept.
            assert comparable(client.get(path).content.decode()) == comparable(before), path
