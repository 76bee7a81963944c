"""The layout (templates/base.html) sends the bytes it sent before its includes were folded
in and its per-request tags got cheaper (core/templatetags/per_request.py): every page is
rendered with the earlier templates (testsupport/templates_before/) and with today's, signed
in or not, staff or not, in each language and theme, with a hostile path in the language and
theme forms."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.middleware.csrf import _unmask_cipher_token
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.tests.factories import UserFactory
from testsupport.markup import comparable, templates_before, tokens

pytestmark = pytest.mark.django_db

HOSTILE = '/questions/?q="><script>alert(1)</script>&page=</form>'
PATHS = [
    "/",
    "/questions/",
    HOSTILE,
    "/account/",
    "/accounts/email/",
    "/history/",
    "/history/progress/",
    "/interviews/",
    "/basket/",
    "/accounts/login/",
    "/accounts/signup/",
    "/no-such-page/",
]
SIGNED_IN_ONLY = {
    "/account/",
    "/accounts/email/",
    "/history/",
    "/history/progress/",
    "/interviews/",
}


def client_for(user, language: str, theme: str) -> Client:
    client = Client(headers={"accept-language": language})
    if theme:
        client.cookies["theme"] = theme
    if user is not None:
        client.force_login(user)
    return client


def both(client: Client, path: str) -> tuple[str, str]:
    with templates_before():
        before = client.get(path)
    after = client.get(path)
    assert before.status_code == after.status_code
    return before.content.decode(), after.content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("who", ["anonymous", "user", "staff"])
@pytest.mark.parametrize("theme", ["", "light", "dark"])
def test_every_page_is_the_layout_it_was(language, who, theme):
    user = None if who == "anonymous" else UserFactory(is_staff=who == "staff")
    client = client_for(user, language, theme)
    for path in PATHS:
        if user is None and path in SIGNED_IN_ONLY:
            continue  # a redirect to the sign-in page, which the loop renders anyway
        before, after = both(client, path)
        assert comparable(after) == comparable(before), path
        # Rendered twice, from the kept pieces this time.
        assert comparable(client.get(path).content.decode()) == comparable(before), path


def test_one_token_per_page_and_the_middleware_takes_it():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get("/").content.decode()
    header = page[: page.index("</header>")]
    (token,) = tokens(header)  # htmx and the header's three forms share one
    secret = client.cookies["csrftoken"].value
    # The page's own forms may carry Django's masking of the same secret.
    assert {_unmask_cipher_token(each) for each in tokens(page)} == {secret}
    response = client.post("/theme/", {"theme": "dark", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.post("/theme/", {"theme": "dark"}).status_code == 403


MESSAGES = [
    (messages.SUCCESS, '<script>alert("saved")</script> & more', ""),
    (messages.INFO, mark_safe("<em>kept as marked safe</em>"), 'x" onmouseover="y'),
    (messages.ERROR, "中文的消息", "one two"),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_messages_are_listed_as_the_layouts_loop_listed_them(language, count):
    """The layout's messages, now built by per_request.message_list, beside the earlier
    `{% if messages %}{% for %}` of the layout, with hostile text and tags."""

    def page() -> str:
        request = RequestFactory().get("/", headers={"accept-language": language})
        request.user = AnonymousUser()
        request.session = {}
        request._messages = FallbackStorage(request)
        for level, text, extra in MESSAGES[:count]:
            messages.add_message(request, level, text, extra_tags=extra)
        with translation.override(language):
            return render(request, "base.html").content.decode()

    with templates_before():
        before = page()
    after = page()
    assert comparable(after) == comparable(before)
    assert ('class="messages"' in after) == bool(count)
    assert "<script>alert" not in after
