"""A corpus of malformed input posted to every POST endpoint: never a 5xx, and a request
the site refuses changes nothing that was saved.

Each case replaces one field of a valid request with a bad value (or leaves it out, sends
it twice, sends bytes that are not UTF-8, or sends the whole request as JSON, in another
charset than UTF-8, or in chunks without a length). Values a
field rightly accepts (a full-width digit is a digit) are listed in ACCEPTABLE: for them
only "no 5xx" is asserted. Runs on SQLite and, in CI, on PostgreSQL.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from accounts.tests.factories import UserFactory
from interview import services
from interview.models import Answer, Interview
from interview.tests.factories import interview_with
from practice.models import Card, LearnerSettings, Review
from questions.models import Question
from questions.tests.factories import QuestionFactory
from testsupport import START, english_client
from testsupport.malformed import BAD_VALUES, WHOLE_REQUEST_CASES, send
from voice.models import AnswerMode, InterviewVoice, Recording, RecordingChunk, RecordingPart

pytestmark = pytest.mark.django_db

# The first bytes of a WebM file (its EBML header), as a recorder's first chunk starts.
WEBM_START = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 64

# Endpoint name: (URL template, a valid request, the fields to corrupt).
ENDPOINTS = {
    "start": (
        "/interviews/",
        {"mode": "mix", "question_count": "1", "token": "t1"},
        ["mode", "question_count", "minutes", "topics", "token"],
    ),
    "autosave": ("{active}autosave/", {"text": "new text", "revision": "10"}, ["revision", "text"]),
    "beacon": (
        "{active}autosave/",
        {"text": "new text", "revision": "10", "beacon": "1"},
        ["revision", "text"],
    ),
    "submit": (
        "{active}submit/",
        {"action": "submit", "text": "final", "revision": "10"},
        ["action", "revision", "text"],
    ),
    "rate": ("{done}rate/", {"rating": "4", "note": "n"}, ["rating", "note"]),
    "retry": ("{interview}retry/", {"token": "t2"}, ["token"]),
    "star": ("/practice/questions/{slug}/star/", {"starred": "0"}, ["starred"]),
    "practise": ("/practice/questions/{slug}/practise/", {"token": "t3"}, ["token"]),
    "retention": ("/account/retention/", {"percent": "95"}, ["percent"]),
    "delete-account": ("/account/delete/", {"password": "wrong password"}, ["password"]),
    "end": ("{interview}end/", {}, []),
    "theme": ("/theme/", {"theme": "dark", "next": "/"}, ["theme", "next"]),
    "voice-chunk": (
        "/voice/answers/{interview_id}/2/chunks/",
        {"part": "p1", "sequence": "0", "mime": "audio/webm;codecs=opus", "chunk": WEBM_START},
        ["part", "sequence", "mime", "chunk"],
    ),
    "voice-finish": (
        "/voice/answers/{interview_id}/2/finish/",
        {"part": "p1", "duration_ms": "2000", "total_ms": "2000", "speaking_ms": "1500"}
        | {"silence_share": "0.25", "long_pauses": "1", "longest_pause_ms": "3000"},
        ["part", "duration_ms", "total_ms", "silence_share", "long_pauses"],
    ),
}

# Any letters, digits and dashes make a token.
TOKEN_LIKE = {
    "word",
    "negative",
    "zero",
    "nan",
    "infinity",
    "exponent",
    "hex",
    "huge",
    "overflow",
    "underflow",
    "int64-max",
    "duplicated",
}
# Any characters make a note; only too many are refused.
NOTE_LIKE = set(BAD_VALUES) - {"long"} | {"missing", "duplicated", "not-utf8"}

# Values a field rightly accepts; the request may then do what it asks.
ACCEPTABLE = {
    ("start", "token"): TOKEN_LIKE,
    ("retry", "token"): TOKEN_LIKE,
    ("practise", "token"): TOKEN_LIKE,
    ("start", "mode"): {"missing", "empty"},  # the random mix, as older pages sent it
    ("start", "question_count"): {"fullwidth"},
    ("start", "minutes"): {"empty"},
    ("start", "topics"): {"empty"},
    ("autosave", "revision"): {"empty", "zero", "fullwidth"},
    ("beacon", "revision"): {"empty", "zero", "fullwidth"},
    ("submit", "revision"): {"empty", "zero", "fullwidth"},
    ("submit", "text"): {"missing"},  # no text: the saved draft is submitted
    ("rate", "note"): NOTE_LIKE,
    ("star", "starred"): {"zero"},  # unstar
    # Any "next" is accepted: one that is not a path on this site is replaced by the home page.
    ("theme", "next"): set(BAD_VALUES) | {"missing", "duplicated", "not-utf8"},
    # A recorder's part key is letters, digits, "-" and "_"; a sequence any whole number.
    ("voice-chunk", "part"): TOKEN_LIKE,
    ("voice-chunk", "sequence"): {"zero", "fullwidth"},
    ("voice-finish", "part"): TOKEN_LIKE,
    ("voice-finish", "duration_ms"): {"zero", "fullwidth"},
    ("voice-finish", "total_ms"): {"zero", "fullwidth"},
    ("voice-finish", "long_pauses"): {"zero", "fullwidth"},
    ("voice-finish", "silence_share"): {"zero"},
}
# Endpoints that take no fields: a body they cannot read is no reason to refuse them.
FIELDLESS = {"end"}
# Text is what a person typed: any characters are fine; only too much of it is refused.
TEXT_FIELDS = {("autosave", "text"), ("beacon", "text"), ("submit", "text")}
# A wrong password, whatever it looks like, is refused (the valid request is refused too).
ALWAYS_REFUSED = {"delete-account"}


@pytest.fixture
def world(clock, settings, tmp_path):
    """A signed-in user mid-interview: answer 1 done and rated 2, answer 2 on the clock
    with a saved draft and the first chunk of a recording; a starred question; another
    user's data beside it."""
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    questions = QuestionFactory.create_batch(3)
    interview = interview_with(user, questions, now=START, minutes=5)
    InterviewVoice.objects.create(interview=interview, answer_mode=AnswerMode.SPEAK)
    first = services.answer_show(answer=interview.answers.get(position=1), now=START)
    first = services.answer_submit(answer=first, text="first answer", now=START)
    services.answer_rate(answer=first, rating=2, note="kept", now=START)
    second = services.answer_show(answer=interview.answers.get(position=2), now=START)
    services.answer_save_draft(answer=second, text="saved draft", revision=5, now=START)
    Card.objects.filter(user=user, question=questions[0]).update(starred=True)
    other = UserFactory()
    interview_with(other, questions[:1], now=START)
    client = english_client()
    client.force_login(user)
    first_chunk = dict(ENDPOINTS["voice-chunk"][1], chunk=SimpleUploadedFile("c", WEBM_START))
    stored = client.post(f"/voice/answers/{interview.pk}/2/chunks/", first_chunk)
    assert stored.json()["stored"] is True, stored.content
    base = f"/interviews/{interview.pk}/"
    paths = {
        "interview": base,
        "active": f"{base}q/2/",
        "done": f"{base}q/1/",
        "slug": questions[0].slug,
        "interview_id": interview.pk,
    }
    return client, paths


def snapshot() -> dict:
    """Everything a request could change, as plain values."""
    return {
        "users": list(User.objects.order_by("pk").values("pk", "email", "password", "is_active")),
        "learner_settings": list(LearnerSettings.objects.order_by("pk").values()),
        "interviews": list(Interview.objects.order_by("pk").values()),
        "answers": list(Answer.objects.order_by("pk").values()),
        "cards": list(Card.objects.order_by("pk").values()),
        "reviews": list(Review.objects.order_by("pk").values()),
        "questions": list(Question.objects.order_by("pk").values("pk", "title", "is_active")),
        "recordings": list(Recording.objects.order_by("pk").values()),
        "recording_parts": list(RecordingPart.objects.order_by("pk").values()),
        "recording_chunks": list(RecordingChunk.objects.order_by("pk").values()),
    }


def cases():
    for endpoint, (_url, _valid, fields) in ENDPOINTS.items():
        for field in fields:
            yield endpoint, field, "missing"
            yield endpoint, field, "duplicated"
            yield endpoint, field, "not-utf8"
            for name in BAD_VALUES:
                yield endpoint, field, name
        for case in WHOLE_REQUEST_CASES:
            yield endpoint, "*", case


def expected_refusal(endpoint, field, case) -> bool:
    if case == "broken-multipart" and endpoint in FIELDLESS:
        return False
    if endpoint in ALWAYS_REFUSED or case in WHOLE_REQUEST_CASES:
        return True
    acceptable = ACCEPTABLE.get((endpoint, field), set())
    if case in acceptable:
        return False
    if (endpoint, field) in TEXT_FIELDS:
        return case in ("missing", "long")  # the text must be sent, and fit
    # A missing optional field (one that may be empty) is no fault.
    return not (case == "missing" and "empty" in acceptable)


@pytest.mark.parametrize(("endpoint", "field", "case"), list(cases()))
def test_malformed_input_gets_a_clear_4xx_and_changes_nothing(world, endpoint, field, case):
    client, paths = world
    template, valid, _fields = ENDPOINTS[endpoint]
    url = template.format(**paths)
    before = snapshot()
    response = send(client, url, valid, field, case)
    assert response.status_code < 500, response.content[:300]
    if expected_refusal(endpoint, field, case):
        # A form without JavaScript is sent back to its page with the message (302).
        assert response.status_code in (302, 400, 403, 411, 413, 415, 422, 429), (
            response.status_code
        )
        assert snapshot() == before


# A rating's `next` was once handed to redirect(), which took "abc" for a view name (500).
NEXT_VALUES = [
    "abc",
    "-1",
    "0",
    "NaN",
    "１２",
    "inf",
    "None",
    "true",
    "[]",
    "%00",
    "\x00",
    " ",
    "https://evil.example/",
    "//evil.example/x",
    "javascript:alert(1)",
    "/\\evil.example",
    "http:/evil",
    "/history/?page=2",
]


@pytest.mark.parametrize("next_url", NEXT_VALUES)
def test_a_rating_goes_next_only_to_a_local_path(world, next_url):
    client, paths = world
    response = client.post(f"{paths['done']}rate/", {"rating": "3", "next": next_url})
    assert response.status_code == 302
    expected = "/history/?page=2" if next_url == "/history/?page=2" else paths["done"]
    assert response["Location"] == expected
    assert (
        Answer.objects.get(interview__pk=paths["interview"].split("/")[2], position=1).rating == 3
    )


def test_a_revision_at_the_64_bit_limit_is_refused_and_the_answer_keeps_working(world):
    """Once, an autosave with 2**63 - 1 made every later save overflow, and a later submit
    stored the frozen old draft instead of the new text."""
    client, paths = world
    autosave, submit = f"{paths['active']}autosave/", f"{paths['active']}submit/"
    refused = client.post(autosave, {"text": "poison", "revision": str(2**63 - 1)})
    assert refused.status_code == 302  # back to the page, with the message
    assert client.post(autosave, {"text": "next save"}).status_code == 302
    answer = Answer.objects.get(interview__pk=paths["interview"].split("/")[2], position=2)
    assert answer.draft_text == "next save"
    assert answer.draft_revision == 6
    revision = str(int(START.timestamp() * 1000))  # what the page sends: the time in ms
    client.post(submit, {"action": "submit", "text": "the new text", "revision": revision})
    answer.refresh_from_db()
    assert answer.submitted_text == "the new text"


def test_revisions_far_ahead_of_the_clock_are_refused(world):
    client, paths = world
    far = int((START + timedelta(days=400)).timestamp() * 1000)
    near = int((START + timedelta(days=300)).timestamp() * 1000)
    htmx = {"HTTP_HX_REQUEST": "true"}
    autosave = f"{paths['active']}autosave/"
    assert client.post(autosave, {"text": "a", "revision": str(far)}, **htmx).status_code == 422
    assert client.post(autosave, {"text": "b", "revision": str(near)}, **htmx).status_code == 200


def test_text_with_nul_or_bad_bytes_is_stored_cleaned(world):
    client, paths = world
    autosave = f"{paths['active']}autosave/"
    client.post(autosave, {"text": "a\x00b", "revision": "20"})
    body = "text=caf%C3%A9%FF&revision=21"
    client.post(autosave, body, content_type="application/x-www-form-urlencoded")
    answer = Answer.objects.get(interview__pk=paths["interview"].split("/")[2], position=2)
    assert answer.draft_text == "café\ufffd"


# Pages that read their query string: (path template, the parameters they read, extra headers).
QUERY_PAGES = {
    "bank": ("/questions/", ["q", "tag", "difficulty", "status", "page"], {}),
    "start": ("/interviews/", ["mode"], {}),
    "estimate": (
        "/interviews/",
        ["mode", "topics", "question_count", "minutes", "top_up"],
        {"HTTP_HX_REQUEST": "true"},
    ),
    "history": ("/history/", ["page"], {}),
    "attempts": ("/history/questions/{slug}/", ["page"], {}),
}


def query_cases():
    for page, (_path, params, _headers) in QUERY_PAGES.items():
        for param in params:
            for name in [*BAD_VALUES, "not-utf8"]:
                yield page, param, name


@pytest.mark.parametrize(("page", "param", "case"), list(query_cases()))
def test_malformed_query_strings_never_cause_a_server_error(world, page, param, case):
    """Filters, page numbers and the start form's estimate read the query string: a NUL
    there once reached a PostgreSQL query (500)."""
    client, paths = world
    template, _params, headers = QUERY_PAGES[page]
    query = "estimate=1&" if page == "estimate" else ""
    if case == "not-utf8":
        query += f"{param}=%FF%FE%80"
    else:
        query += urlencode({param: BAD_VALUES[case]})
    response = client.get(f"{template.format(**paths)}?{query}", **headers)
    assert response.status_code < 500, response.content[:300]
    assert response.status_code in (200, 404), response.status_code
