"""The progress page's reads of the last weeks (feedback.since_reads), compiled once, give
what the querysets give: for any moment, in each time zone, and only the user's rows."""

import zoneinfo
from datetime import timedelta

import pytest
from django.db.models import Avg, Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from feedback.progress import _by_rating, _rated, _share, _weeks
from feedback.since_reads import SinceRead
from feedback.tests.factories import CoverageFactory
from interview.models import Answer
from testsupport import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def coverage(user):
    for day in range(0, 120, 5):
        answer_rating = 1 + day % 4
        row = CoverageFactory(answer__interview__user=user, found=day % 3, total=2)
        Answer.objects.filter(pk=row.answer_id).update(rating=answer_rating)
        row.checked_at = START - timedelta(days=day, hours=day % 7)
        row.save()
    CoverageFactory(found=1, total=2)  # someone else's
    return user


def orm_weeks(user, since):
    return list(
        _rated(user.pk, since)
        .annotate(week=TruncWeek("checked_at"))
        .values("week")
        .annotate(coverage=Avg(_share()), rating=Avg("answer__rating"), count=Count("id"))
        .order_by("week")
    )


def rating(row):
    return row["answer__rating"]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York", "UTC"])
def test_the_weeks_are_the_querysets_for_any_moment_and_zone(coverage, zone):
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for weeks_back in (1, 3, 12, 40):
            since = START - timedelta(weeks=weeks_back, seconds=weeks_back)
            expected = orm_weeks(coverage, since)
            assert _weeks.all(coverage.pk, since) == expected
            assert len(expected) > 0
            by_rating = _rated(coverage.pk, since).values("answer__rating")
            by_rating = by_rating.annotate(coverage=Avg(_share()), count=Count("id"))
            assert sorted(_by_rating.all(coverage.pk, since), key=rating) == sorted(
                by_rating, key=rating
            )


def test_a_read_that_cannot_be_prepared_is_left_to_the_orm(coverage):
    not_values = SinceRead(lambda user_id, since: _rated(user_id, since))
    since = START - timedelta(weeks=12)
    assert not_values.all(coverage.pk, since) == list(_rated(coverage.pk, since))
