"""Staff are users too: odd addresses and filters in the admin get the admin's own answer
(a message, or 404), never a 500."""

import pytest

from questions.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

INVALID_FILTER = "That filter could not be applied, so the list is shown without it."

# (change list, query string): date filters Python cannot hold.
OUT_OF_RANGE = [
    ("interview/interview", "started_at__year=2147483648"),
    ("interview/interview", "started_at__year=-9223372036854775809"),
    ("interview/interview", "started_at__year=2024&started_at__month=99999999999999999999"),
    ("interview/interview", "started_at__year=9999&started_at__month=12&started_at__day=31"),
    ("interview/answer", "deadline__year=2147483648"),
    ("questions/question", "created_at__year=2147483648"),
    ("accounts/user", "date_joined__year=2147483648"),
    ("accounts/user", "last_login__year=-9223372036854775809"),
]


@pytest.mark.parametrize(("changelist", "query"), OUT_OF_RANGE)
def test_an_out_of_range_date_filter_shows_the_list_unfiltered_with_a_message(
    admin_client, changelist, query
):
    url = f"/admin/{changelist}/"
    response = admin_client.get(f"{url}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert INVALID_FILTER in page.content.decode()


# Year 1 (a full-width １ is a digit): in UTC it falls before year 1 on SQLite, which cannot
# store it; PostgreSQL can, and simply finds nothing.
YEAR_ONE = [
    ("interview/interview", "started_at__year=１"),
    ("interview/interview", "started_at__gte=0001-01-01"),
    ("interview/answer", "submitted_at__year=１"),
]


@pytest.mark.parametrize(("changelist", "query"), YEAR_ONE)
def test_year_one_is_filtered_or_refused_with_a_message(admin_client, changelist, query):
    url = f"/admin/{changelist}/"
    response = admin_client.get(f"{url}?{query}", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    if response.redirect_chain:
        assert response.redirect_chain == [(f"{url}?e=1", 302)]
        assert INVALID_FILTER in response.content.decode()


def test_a_date_filter_in_range_still_filters(admin_client):
    response = admin_client.get("/admin/interview/interview/?started_at__year=2025")
    assert response.status_code == 200


@pytest.mark.parametrize("object_id", ["abc", "%00", "１", "1.5"])
def test_a_key_point_suggestion_for_no_question_id_says_so(admin_client, object_id):
    QuestionFactory()
    response = admin_client.get(
        f"/admin/questions/question/{object_id}/key-points/suggest/",
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert response.status_code == 200  # the admin's index, with its "does not exist" note
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()


@pytest.mark.parametrize("object_id", ["99999999", "99999999999999999999999"])
def test_a_key_point_suggestion_for_a_missing_question_is_404(admin_client, object_id):
    response = admin_client.get(f"/admin/questions/question/{object_id}/key-points/suggest/")
    assert response.status_code == 404
