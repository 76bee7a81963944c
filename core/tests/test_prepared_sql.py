"""core.prepared_sql: a read compiled once, rerun with a new id, moment or text, gives
the rows the queryset itself gives."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count

from core.prepared_sql import PreparedRows
from interview.models import Interview
from interview.tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

SAMPLES = (
    (32_767, datetime(2001, 2, 3, 4, 5, 6, 7, UTC)),
    (30_001, datetime(2002, 3, 4, tzinfo=UTC)),
)


def started_since(user_id, since):
    return (
        Interview.objects.filter(user=user_id, started_at__gt=since)
        .order_by()
        .values("user")
        .annotate(started=Count("pk"))
        .values_list("started")
    )


def test_the_rows_are_the_querysets_for_every_value():
    prepared = PreparedRows(started_since, samples=SAMPLES)
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    first = InterviewFactory(started_at=now)
    InterviewFactory(user=first.user, started_at=now - timedelta(hours=2))
    other = InterviewFactory(started_at=now)
    for user_id in (first.user_id, other.user_id, 0):
        for since in (now - timedelta(hours=3), now - timedelta(hours=1), now):
            assert prepared.rows(user_id, since) == list(started_since(user_id, since))


def test_samples_must_differ_in_every_value():
    with pytest.raises(ValueError):
        PreparedRows(started_since, samples=((1, SAMPLES[0][1]), (1, SAMPLES[1][1])))


def test_a_value_that_never_reaches_the_sql_is_refused():
    prepared = PreparedRows(lambda user_id, since: started_since(user_id, SAMPLES[0][1]), SAMPLES)
    with pytest.raises(ValueError):
        prepared.rows(1, SAMPLES[0][1])
