"""Ratings sent at the same moment by one user (two tabs, a quick double rating) each
count once in the progress tallies, even when both need a tally row that does not exist
yet. On PostgreSQL the second insert of that row once failed (500)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from interview import services
from interview.models import RatingTally
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START, english_client

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 4  # each round's ratings fall in a week of their own, so its rows are new


def test_ratings_at_the_same_moment_each_count_once(user, clock):
    tag = TagFactory()
    questions = QuestionFactory.create_batch(ROUNDS, tags=[tag])
    # Two interviews: answers of one interview are rated one after the other anyway.
    interviews = [interview_with(user, questions, now=START, minutes=30) for _ in range(2)]
    for interview in interviews:
        for answer in interview.answers.order_by("position"):
            answer = services.answer_show(answer=answer, now=START)
            services.answer_submit(answer=answer, text="an answer", now=START)
    statuses = []

    def rate(interview, position, rating, barrier):
        client = english_client()
        client.force_login(user)
        barrier.wait()
        try:
            path = f"/interviews/{interview.pk}/q/{position}/rate/"
            response = client.post(path, {"rating": rating}, HTTP_HX_REQUEST="true")
            statuses.append(response.status_code)
        finally:
            connection.close()

    for round_number in range(ROUNDS):
        clock.shift(timedelta(weeks=1))
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=rate, args=(interview, round_number + 1, 3 + index, barrier))
            for index, interview in enumerate(interviews)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert statuses == [200] * (2 * ROUNDS)
    tallies = {(t.kind, t.key): (t.count, t.total) for t in RatingTally.objects.filter(user=user)}
    assert tallies[(RatingTally.Kind.TOPIC, tag.slug)] == (2 * ROUNDS, 7 * ROUNDS)
    weeks = [value for (kind, _key), value in tallies.items() if kind == RatingTally.Kind.WEEK]
    assert weeks == [(2, 7)] * ROUNDS
    assert tallies[(RatingTally.Kind.VALUE, "3")] == (ROUNDS, 3 * ROUNDS)
    assert tallies[(RatingTally.Kind.VALUE, "4")] == (ROUNDS, 4 * ROUNDS)
