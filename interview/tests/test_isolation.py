"""Nobody sees or changes another user's interviews, and every page needs a sign-in."""

from datetime import timedelta

import pytest
from django.forms.models import model_to_dict

from interview import services
from interview.models import Answer, Interview
from interview.tests.factories import AnswerFactory, UserFactory, interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def owned(owner):
    """The owner's interview: question 1 answered and rated 1, question 2 on the clock."""
    interview = interview_with(owner, QuestionFactory.create_batch(3), now=START, minutes=2)
    first = services.answer_show(answer=interview.answers.get(position=1), now=START)
    services.answer_submit(answer=first, text="owner's answer", now=START + timedelta(seconds=30))
    services.answer_rate(answer=first, rating=1, note="owner's note", now=START)
    second = services.answer_show(answer=interview.answers.get(position=2), now=START)
    services.answer_save_draft(answer=second, text="owner's draft", revision=1, now=START)
    return interview


def snapshot():
    return (
        [model_to_dict(interview) for interview in Interview.objects.order_by("pk")],
        [model_to_dict(answer) for answer in Answer.objects.order_by("pk")],
    )


def user_scoped(interview) -> list[tuple[str, str]]:
    base = f"/interviews/{interview.pk}/"
    return [
        ("get", base),
        ("get", f"{base}q/1/"),
        ("get", f"{base}q/2/"),
        ("post", f"{base}q/2/autosave/"),
        ("post", f"{base}q/2/submit/"),
        ("post", f"{base}q/1/rate/"),
        ("post", f"{base}end/"),
        ("get", f"{base}review/"),
        ("post", f"{base}retry/"),
    ]


def test_another_user_gets_not_found_everywhere_and_changes_nothing(owned, login):
    intruder = login(UserFactory())
    before = snapshot()
    data = {"text": "intruder", "revision": 10**12, "rating": 4, "action": "end"}
    for method, path in user_scoped(owned):
        response = getattr(intruder, method)(path, data if method == "post" else None)
        assert response.status_code == 404, path
        htmx = getattr(intruder, method)(
            path, data if method == "post" else None, HTTP_HX_REQUEST="true"
        )
        assert htmx.status_code == 404, path
    assert snapshot() == before


def test_the_owner_can_reach_the_same_pages(owned, owner, login):
    # The control for the test above: these paths are right, only the user differs.
    client = login(owner)
    for method, path in user_scoped(owned):
        if method == "get":
            assert client.get(path).status_code in (200, 302), path


def test_history_lists_only_my_interviews(owned, owner, login):
    mine = AnswerFactory(interview__user=owner, done=True, rating=3).interview
    history = login(owner).get("/history/")
    others = login(UserFactory()).get("/history/")
    assert {interview.pk for interview in history.context["page"].object_list} == {
        owned.pk,
        mine.pk,
    }
    assert list(others.context["page"].object_list) == []
    assert "No interviews yet." in others.content.decode()


def test_progress_counts_only_my_ratings(owned, login):
    stranger = UserFactory()
    AnswerFactory(interview__user=stranger, done=True, rating=4)
    AnswerFactory(interview__user=stranger, done=True, rating=4)
    progress = login(stranger).get("/history/progress/")
    assert progress.context["total_rated"] == 2
    assert {value: count for value, _, count in progress.context["distribution"]} == {
        1: 0,
        2: 0,
        3: 0,
        4: 2,
    }
    assert "1 · Missed it: 0" in progress.content.decode()


def test_attempts_at_a_question_show_only_mine(owned, owner, login):
    question = owned.answers.get(position=1).question
    stranger = UserFactory()
    theirs = AnswerFactory(interview__user=stranger, question=question, done=True, rating=4)

    mine_page = login(owner).get(f"/history/questions/{question.slug}/")
    their_page = login(stranger).get(f"/history/questions/{question.slug}/")

    assert [attempt.pk for attempt in mine_page.context["page"].object_list] == [
        owned.answers.get(position=1).pk
    ]
    assert [attempt.pk for attempt in their_page.context["page"].object_list] == [theirs.pk]
    assert "owner&#x27;s note" in mine_page.content.decode()
    assert "owner&#x27;s note" not in their_page.content.decode()


PRIVATE_PAGES = [
    "/interviews/",
    "/history/",
    "/history/progress/",
    "/history/questions/{slug}/",
    "/account/",
    "/account/export/",
    "/account/delete/",
]


def test_anonymous_visitors_are_sent_to_sign_in(owned, client):
    slug = owned.answers.get(position=1).question.slug
    requests = user_scoped(owned) + [("get", path.format(slug=slug)) for path in PRIVATE_PAGES]
    requests += [("post", "/interviews/"), ("post", "/account/delete/")]
    before = snapshot()
    for method, path in requests:
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response.url == f"/accounts/login/?next={path}"
    assert snapshot() == before


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/interviews/{pk}/q/99999/"),
        ("get", "/interviews/{big}/q/1/"),
        ("get", "/interviews/{pk}/q/{big}/"),
        ("post", "/interviews/{big}/q/1/autosave/"),
        ("post", "/interviews/{pk}/q/{big}/autosave/"),
        ("post", "/interviews/{big}/q/1/submit/"),
        ("post", "/interviews/{big}/q/1/rate/"),
    ],
)
def test_numbers_no_row_can_hold_answer_404_and_change_nothing(owner, owned, client, method, path):
    """An id or position past any database integer (2**70) is nobody's: a 404, never a 500
    (SQLite cannot even be asked about it)."""
    client.force_login(owner)
    before = snapshot()
    data = {"text": "late text", "revision": "9", "rating": "3"} if method == "post" else {}
    url = path.format(pk=owned.pk, big=2**70)
    response = getattr(client, method)(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert snapshot() == before
