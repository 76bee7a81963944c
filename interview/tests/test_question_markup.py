"""The question page, its answer panel and autosave's status line send the bytes they sent
before their markup got cheaper: each is rendered with the earlier templates
(testsupport/templates_before/) and with today's, in each language, with hostile text in the
question's title and the draft, on the clock and after submitting."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from interview.models import Answer
from interview.templatetags.answering import save_status
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START
from testsupport.markup import comparable, templates_before

pytestmark = pytest.mark.django_db

HOSTILE = '</textarea><script>alert("x")</script> & {{ x }} {% now "Y" %} \'q\''
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(params=["zh-hans", "en"])
def client(request, user, clock):
    client = Client(headers={"accept-language": request.param})
    client.force_login(user)
    return client


@pytest.fixture
def interview(user):
    questions = [QuestionFactory(title=f"Attention {HOSTILE}"), QuestionFactory(title="Two")]
    return interview_with(user, questions, now=START, minutes=2)


def same(send) -> str:
    """What `send()` answers with the earlier templates and with today's (twice: the second
    time from what `{% once %}` kept), compared; today's page."""
    with templates_before():
        before = send()
    after, again = send(), send()
    assert (after.status_code, dict(after.headers)) == (before.status_code, dict(before.headers))
    html = after.content.decode()
    assert comparable(html) == comparable(before.content.decode())
    assert comparable(again.content.decode()) == comparable(html)
    return html


def page(client, interview, position=1):
    return same(lambda: client.get(f"/interviews/{interview.pk}/q/{position}/"))


def test_the_page_on_the_clock(client, interview, clock):
    page(client, interview)
    Answer.objects.filter(interview=interview, position=1).update(
        draft_text=HOSTILE, draft_saved_at=START + timedelta(seconds=75), draft_revision=17
    )
    clock.shift(timedelta(seconds=80))
    html = page(client, interview)
    assert "&lt;/textarea&gt;&lt;script&gt;" in html and "<script>alert" not in html


def test_the_page_after_submitting_and_the_last_question(client, interview, clock):
    page(client, interview)
    url = f"/interviews/{interview.pk}/q/1/submit/"
    submitted = client.post(url, {"text": HOSTILE, "action": "submit"})
    assert submitted.status_code == 302
    page(client, interview)
    page(client, interview, position=2)


def test_a_refused_submit_keeps_the_text(client, interview):
    page(client, interview)
    url = f"/interviews/{interview.pk}/q/1/submit/"
    # An unknown action: the page comes back with the text as typed (and the message).
    html = same(lambda: client.post(url, {"text": HOSTILE, "action": "nope"}))
    assert "&lt;/textarea&gt;" in html


def test_the_panel_after_an_htmx_submit(client, user):
    questions = [QuestionFactory(title=f"One {HOSTILE}") for _ in range(3)]
    interview = interview_with(user, questions, now=START, minutes=2)
    for position in (1, 2):
        client.get(f"/interviews/{interview.pk}/q/{position}/")
        url = f"/interviews/{interview.pk}/q/{position}/submit/"
        with templates_before():
            before = client.post(url, {"text": HOSTILE, "action": "submit"}, **HTMX)
        Answer.objects.filter(interview=interview, position=position).update(
            status=Answer.Status.ACTIVE, submitted_text="", submitted_at=None
        )
        after = client.post(url, {"text": HOSTILE, "action": "submit"}, **HTMX)
        assert after.status_code == before.status_code == 200
        assert comparable(after.content.decode()) == comparable(before.content.decode())


@pytest.mark.parametrize("revision", [5_000, 1])
def test_the_autosave_status_line(client, interview, clock, revision):
    page(client, interview)
    url = f"/interviews/{interview.pk}/q/1/autosave/"
    client.post(url, {"text": "first", "revision": 2})
    clock.shift(timedelta(seconds=3723))  # 10:02:03 in Shanghai
    # A newer revision is kept; an older one is not ("A newer draft is already saved").
    for beacon in ("", "1"):
        data = {"text": HOSTILE, "revision": revision, "beacon": beacon}
        same(lambda data=data: client.post(url, data, **HTMX))
    same(lambda: client.post(url, {"text": HOSTILE, "revision": revision}))
    status = same(lambda: client.post(url, {"text": HOSTILE, "revision": revision}, **HTMX))
    assert ("newer" in status or "更新" in status) == (revision == 1)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kept", [True, False])
@pytest.mark.parametrize("seconds", [0, 3723, 16 * 3600 - 1, 86399])
@pytest.mark.parametrize("zone", [None, "America/New_York"])
def test_the_status_line_is_the_partial_it_replaced(language, kept, seconds, zone):
    moment = START + timedelta(seconds=seconds)
    with translation.override(language), timezone.override(zone or timezone.get_current_timezone()):
        with templates_before():
            partial = "interview/question.html#save_status"
            expected = render_to_string(partial, {"saved_at": moment, "kept": kept})
        assert save_status(moment, kept) == expected


def test_the_panel_of_a_submit_sent_again(client, interview):
    page(client, interview)
    url = f"/interviews/{interview.pk}/q/1/submit/"
    client.post(url, {"text": HOSTILE, "action": "submit"}, **HTMX)
    # Already answered (a retry, another tab): the answer as kept, with a notice.
    html = same(lambda: client.post(url, {"text": "again", "action": "submit"}, **HTMX))
    assert 'class="message message-warning" role="status"' in html


def test_the_rating_its_note_and_the_review_page(client, interview, clock):
    page(client, interview)
    client.post(f"/interviews/{interview.pk}/q/1/submit/", {"text": HOSTILE, "action": "submit"})
    url = f"/interviews/{interview.pk}/q/1/rate/"
    for rating in ("4", "2"):
        data = {"rating": rating, "note": HOSTILE}
        html = same(lambda data=data: client.post(url, data, **HTMX))
        assert "&lt;/textarea&gt;" in html
    page(client, interview)
    page(client, interview, position=2)
    client.post(f"/interviews/{interview.pk}/q/2/submit/", {"text": "", "action": "skip"})
    same(lambda: client.get(f"/interviews/{interview.pk}/review/"))
    page(client, interview, position=2)


def test_the_reveal_of_an_answer_the_clock_submitted(client, interview, clock):
    page(client, interview)
    Answer.objects.filter(interview=interview, position=1).update(draft_text=HOSTILE)
    clock.shift(timedelta(minutes=10))  # past the deadline: expired, submitted by the clock
    html = page(client, interview)
    assert 'name="action" value="submit"' in html  # "Submit this instead"
