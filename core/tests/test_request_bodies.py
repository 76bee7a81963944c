"""Bodies the site will not read are refused with a 4xx and a message, on every path.

A form body declared in another charset than UTF-8 made Django raise BadRequest; its 400
page then checked CSRF, which read the body again and raised again (500). A body sent in
chunks (no Content-Length) reached the view as an empty form.
"""

import json

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from interview.models import Interview
from interview.tests.factories import interview_with
from questions.tests.factories import QuestionFactory
from testsupport import START

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
CHUNKED = {"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked"}

# Anyone's URLs and a signed-in user's form endpoints, htmx ones included.
PATHS = [
    "/healthz/",
    "/theme/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no-such-page/",
    "/i18n/setlang/",
    "/interviews/",
    "/account/retention/",
    "/account/delete/",
    "/admin/login/",
]
HTMX = {"HTTP_HX_REQUEST": "true"}


def browser(language: str = "en", user=None) -> Client:
    """A client that checks CSRF and carries a csrftoken cookie, as a browser would."""
    client = Client(enforce_csrf_checks=True, headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    client.cookies["csrftoken"] = "a" * 32
    return client


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "iso-8859-1", "gbk"])
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_form_in_another_charset_gets_400_with_a_message(path, charset, headers):
    client = browser(user=UserFactory())
    response = client.post(
        path, "theme=dark&next=/", content_type=f"{FORM}; charset={charset}", **headers
    )
    assert response.status_code == 400
    assert response.content.decode() == "Form data must be sent as UTF-8."


def test_the_message_is_in_the_browsers_language():
    response = browser("zh-hans").post("/healthz/", "a=b", content_type=f"{FORM}; charset=utf-16")
    assert response.status_code == 400
    assert response.content.decode() == "表单数据必须使用 UTF-8 编码。"


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8"])
def test_utf8_by_any_spelling_is_read(charset):
    response = browser().post(
        "/theme/", "theme=dark&next=/", content_type=f"{FORM}; charset={charset}"
    )
    assert response.status_code == 403  # read, and refused for its missing CSRF token only
    client = Client(headers={"accept-language": "en"})
    response = client.post(
        "/theme/", "theme=dark&next=/", content_type=f"{FORM}; charset={charset}"
    )
    assert response.status_code == 302
    assert response.cookies["theme"].value == "dark"


def test_the_400_page_never_reads_the_body_again(settings):
    """Whatever raises BadRequest first (here CSRF's own check, with our middleware out of
    the way), the 400 page must not read the body a second time."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("FormPostsOnlyMiddleware")
    ]
    client = browser()
    client.raise_request_exception = False
    response = client.post("/healthz/", "a=b", content_type=f"{FORM}; charset=utf-16")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.fixture
def interview(clock):
    user = UserFactory()
    return interview_with(user, QuestionFactory.create_batch(1), now=START)


def test_a_chunked_json_body_is_refused_and_changes_nothing(interview):
    client = Client(headers={"accept-language": "en"})
    client.force_login(interview.user)
    body = json.dumps({"anything": "at all"})
    response = client.post(
        f"/interviews/{interview.pk}/end/", body, content_type="application/json", **CHUNKED
    )
    assert response.status_code == 415
    assert response.content.decode() == "This address accepts form submissions only."
    assert Interview.objects.get(pk=interview.pk).state == interview.state


def test_a_chunked_form_is_refused_rather_than_read_as_empty(interview):
    client = Client(headers={"accept-language": "en"})
    client.force_login(interview.user)
    response = client.post(f"/interviews/{interview.pk}/end/", "a=b", content_type=FORM, **CHUNKED)
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()
    assert Interview.objects.get(pk=interview.pk).state == interview.state


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/xml"])
def test_a_declared_non_form_type_is_refused_even_with_no_length(interview, content_type):
    client = Client(headers={"accept-language": "en"})
    client.force_login(interview.user)
    # An empty body: the test client then leaves the type out, so it is set by hand.
    response = client.post(
        f"/interviews/{interview.pk}/end/", CONTENT_TYPE=content_type, CONTENT_LENGTH="0"
    )
    assert response.status_code == 415
    assert Interview.objects.get(pk=interview.pk).state == interview.state
