"""A user's unfinished interviews are found without reading their finished ones."""

import pytest
from django.db import connection

from interview.models import Interview
from interview.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
def test_the_unfinished_interviews_are_read_through_their_own_index(user):
    plan = _plan(Interview.objects.filter(user=user.pk).to_resume(limit=20))
    assert "USING INDEX interview_user_unfinished" in plan, plan


def test_the_index_holds_unfinished_interviews_only_and_the_list_is_unchanged(user):
    finished = InterviewFactory(user=user, state=Interview.State.FINISHED)
    unfinished = InterviewFactory(user=user, state=Interview.State.IN_PROGRESS)
    other = InterviewFactory(state=Interview.State.IN_PROGRESS)
    resumed = list(Interview.objects.filter(user=user.pk).to_resume(limit=20))
    assert resumed == [unfinished]
    assert finished not in resumed and other not in resumed
