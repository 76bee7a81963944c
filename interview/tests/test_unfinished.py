"""The "Unfinished interviews" card, shared by the start page and the home page: the start
page's rows can also be ended and it links to the history; the home page's only resume."""

from datetime import timedelta

import pytest

from interview.models import Interview
from testsupport import START

pytestmark = pytest.mark.django_db


def test_both_pages_list_the_unfinished_interviews_newest_first(user, user_client):
    older = Interview.objects.create(
        user=user, question_count=2, started_at=START - timedelta(hours=2)
    )
    newer = Interview.objects.create(
        user=user, question_count=3, started_at=START - timedelta(hours=1)
    )
    Interview.objects.create(
        user=user,
        question_count=1,
        started_at=START - timedelta(hours=3),
        state=Interview.State.FINISHED,
    )
    start_page = user_client.get("/interviews/").content.decode()
    home = user_client.get("/").content.decode()
    for page in (start_page, home):
        assert "Unfinished interviews" in page
        assert "0 of 3 answered" in page and "0 of 2 answered" in page
        assert page.index(f'/interviews/{newer.pk}/"') < page.index(f'/interviews/{older.pk}/"')
    assert 'aria-labelledby="unfinished-heading"' in start_page
    assert f'action="/interviews/{newer.pk}/end/"' in start_page
    assert "All past interviews" in start_page
    assert 'aria-labelledby="resume-heading"' in home
    assert f'action="/interviews/{newer.pk}/end/"' not in home
    assert "All past interviews" not in home


def test_each_page_says_when_nothing_is_unfinished(user_client):
    start_page = user_client.get("/interviews/").content.decode()
    assert "Everything you start is kept here until you finish it." in start_page
    assert "None: everything you started is finished." in user_client.get("/").content.decode()
