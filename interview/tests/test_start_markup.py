"""The start page sends the bytes it sent before it was kept whole per process
(`{% once start_key %}`, interview/start_page.py) and its card of unfinished interviews was
built in Python (interview/templatetags/start_rows.py): each page is rendered with the
earlier templates (testsupport/start_before/interview/start.html and _unfinished.html)
and with today's, in each language and time zone, with hostile text in the topics' names,
first visit and kept, unbound and bound with errors."""

from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, override_settings

from accounts.tests.factories import UserFactory
from core.choices import choice_rows
from interview import selection, start_page
from interview.forms import StartForm
from interview.tests.factories import AnswerFactory, InterviewFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START
from testsupport.markup import BEFORE, comparable, tokens

pytestmark = pytest.mark.django_db

HOSTILE = "<script>\"x\"</script> & 'q' {{ b }} %(counter)s"
ZONES = ["Asia/Shanghai", "America/New_York"]


@pytest.fixture
def bank():
    """Topics with hostile names and 0, 1 and 2 active questions."""
    hostile = TagFactory(slug="hostile", name_en=HOSTILE, name_zh=HOSTILE + "中")
    plain = TagFactory(slug="plain", name_en="Plain", name_zh="普通")
    TagFactory(slug="empty", name_en="Empty & <b>", name_zh="空")
    QuestionFactory(tags=[hostile, plain], answer_minutes=3)
    QuestionFactory(tags=[hostile], answer_minutes=7)
    QuestionFactory(tags=[plain], answer_minutes=30, is_active=False)


def client_for(user, language: str, zone: str) -> Client:
    client = Client(headers={"accept-language": language})
    client.cookies["tz"] = zone
    client.force_login(user)
    return client


# The start page's templates before (start.html, and the card of unfinished interviews it
# included), apart from testsupport/templates_before/: other pages' markup tests render
# every page with those, and the old start.html needs what only this test gives it.
START_BEFORE = Path(__file__).resolve().parents[2] / "testsupport" / "start_before"


@contextmanager
def templates_before():
    """Render with the start page's old templates (and the layout's) in front of today's."""
    engine, *rest = settings.TEMPLATES
    before = {**engine, "DIRS": [START_BEFORE, BEFORE, *engine["DIRS"]]}
    with override_settings(TEMPLATES=[before, *rest]):
        yield


def old_mode_rows(form, counts):
    """What the old template's loop read (`mode_rows`, built by the view before the rows
    moved to start_page.mode_grid)."""
    return [
        (row, selection.get_mode(row.value), start_page.questions(counts[row.value]))
        for row in choice_rows(form["mode"])
    ]


def both(client: Client, method: str, data=None, **headers) -> tuple[str, str]:
    """The page as the old templates render it from the view's context, and as sent."""
    send = client.get if method == "GET" else client.post
    after = send("/interviews/", data or {}, **headers)
    if headers.get("HTTP_HX_REQUEST"):
        with templates_before():
            before = send("/interviews/", data or {}, **headers)
        assert before.status_code == after.status_code
        return before.content.decode(), after.content.decode()
    context = {key: after.context[key] for key in OLD_CONTEXT}
    context["mode_rows"] = old_mode_rows(context["form"], context["modes"])
    with templates_before():
        before = render_to_string("interview/start.html", context, request=after.wsgi_request)
    return before, after.content.decode()


# What the old start.html read from the view's context.
OLD_CONTEXT = ("form", "unfinished", "modes", "topic_chips", "estimate", "asked", "max_count")


def unfinished(user) -> None:
    """Two unfinished interviews (one with an answer done) and a finished one."""
    first = InterviewFactory(
        user=user, question_count=3, started_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    )
    AnswerFactory(interview=first, done=True)
    InterviewFactory(
        user=user, question_count=12, started_at=datetime(2026, 12, 31, 16, 5, tzinfo=UTC)
    )
    InterviewFactory(user=user, state="finished")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("resume", [False, True])
def test_the_start_page_is_the_page_it_was(bank, language, zone, resume):
    user = UserFactory()
    if resume:
        unfinished(user)
    client = client_for(user, language, zone)
    before, after = both(client, "GET")
    assert comparable(after) == comparable(before)
    assert 'class="mode-cell"' in before and 'class="topic-chip"' in before
    # Sent again from the kept page: the same, with a token of its own.
    again = client.get("/interviews/").content.decode()
    assert comparable(again) == comparable(before)
    # One CSRF token on the page (the layout's and every form's).
    assert len(tokens(again)) == 1
    # A link naming a mode starts with it checked.
    before, after = both(client, "GET", {"mode": "new"})
    assert comparable(after) == comparable(before)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "data",
    [
        # Too many questions for the topics, a topic ticked, another time per question.
        {"token": "t1", "mode": "mix", "topics": ["plain", "hostile"], "question_count": "9",
         "minutes": "4", "answer_mode": "speak"},
        # Nothing due; values the form refuses, hostile ones among them.
        {"token": "t2", "mode": "due", "question_count": "abc", "minutes": "99",
         "top_up": "", "prefer_unseen": "on", "answer_mode": HOSTILE},
        {"token": "", "mode": HOSTILE, "topics": [HOSTILE], "question_count": "-1"},
        {"token": "t<3>", "mode": "starred", "question_count": "1"},
    ],
)  # fmt: skip
def test_a_refused_start_shows_the_form_as_it_did(bank, language, data):
    user = UserFactory()
    unfinished(user)
    client = client_for(user, language, ZONES[0])
    before, after = both(client, "POST", data)
    assert "message-error" in after or "errorlist" in after
    assert comparable(after) == comparable(before)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_estimate_alone_is_what_it_was(bank, language):
    client = client_for(UserFactory(), language, ZONES[1])
    values = {"estimate": "1", "mode": "mix", "topics": "hostile", "question_count": "5"}
    before, after = both(client, "GET", values, HTTP_HX_REQUEST="true")
    assert after == before


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_unbound_forms_chips_are_its_choices(bank, language, settings):
    """The chips written from the prepared topics are those the form's own choices give
    (what the page drew before, and still draws for a bound form)."""
    from django.utils import translation

    with translation.override(language):
        form = StartForm(user=UserFactory(), now=START)
        written = start_page.topic_chips(form, start_page.topic_rows())
        assert written == start_page.topic_chips(form, None)
        assert len(written) == 3
