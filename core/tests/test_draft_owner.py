"""Every page says whose offline copies of answers it may show (static/js/local-drafts.js):
a code for the signed-in user that does not say who they are, or that nobody is signed in.
A page that cannot tell says neither, so a server in trouble never costs anyone a copy."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/questions/", "/no-such-page/"]


def body_tag(response) -> str:
    return re.search(r"<body[^>]*>", response.content.decode()).group(0)


def owner_code(response) -> str | None:
    found = re.search(r' data-draft-owner="([^"]*)"', body_tag(response))
    return found.group(1) if found else None


def signed_in(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", [*PAGES, "/account/", "/account/delete/"])
def test_a_signed_in_users_pages_carry_their_code_and_never_say_signed_out(path):
    user = UserFactory()
    response = signed_in(user).get(path)
    code = owner_code(response)
    assert code and re.fullmatch(r"[0-9a-f]{20}", code)
    assert "data-signed-out" not in body_tag(response)
    # The code names nobody to whoever reads the browser's storage.
    assert user.email not in code and user.email.split("@")[0] not in code


def test_the_code_is_the_same_on_every_page_and_differs_between_users():
    first, second = UserFactory(), UserFactory()
    first_codes = {owner_code(signed_in(first).get(path)) for path in PAGES}
    second_code = owner_code(signed_in(second).get("/"))
    assert len(first_codes) == 1
    assert second_code and second_code not in first_codes


@pytest.mark.parametrize("path", [*PAGES, "/accounts/login/"])
def test_a_signed_out_page_carries_no_code_and_says_signed_out(path):
    response = Client(headers={"accept-language": "en"}).get(path)
    assert owner_code(response) is None
    assert "data-signed-out" in body_tag(response)


def test_a_page_that_cannot_tell_who_is_signed_in_says_neither():
    # Rendered without a request (as an error page may be): the copies must stay.
    html = render_to_string("base.html", {})
    tag = re.search(r"<body[^>]*>", html).group(0)
    assert "data-draft-owner" not in tag and "data-signed-out" not in tag


def test_a_page_answered_before_anyone_was_looked_up_says_neither():
    # A request the authentication middleware never saw has no user to tell.
    html = render_to_string("base.html", {}, request=RequestFactory().get("/"))
    tag = re.search(r"<body[^>]*>", html).group(0)
    assert "data-draft-owner" not in tag and "data-signed-out" not in tag


@pytest.mark.parametrize("secret", ["a-secret", "ünïcode secret", "x" * 80])
@pytest.mark.parametrize("pk", ["1", "42", "1234567"])
def test_the_code_is_the_salted_hmac_it_always_was(pk, secret):
    # Copies already kept in browsers are filed under it: it may never change.
    from django.utils.crypto import salted_hmac

    from core.templatetags.core_tags import DRAFT_OWNER_SALT, _draft_owner

    expected = salted_hmac(DRAFT_OWNER_SALT, pk, secret=secret).hexdigest()[:20]
    assert _draft_owner(pk, secret) == expected
