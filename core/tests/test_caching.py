"""Private responses are not stored; public pages and static files keep their caching."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory

from accounts.tests.factories import UserFactory
from core.caching import PrivateNoStoreMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in():
    client = Client()
    client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("url", ["/account/", "/history/", "/questions/", "/", "/healthz/"])
def test_every_response_to_a_signed_in_user_is_private_and_not_stored(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_signing_out_is_not_stored_either(signed_in):
    assert signed_in.post("/accounts/logout/")["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("url", ["/", "/questions/", "/healthz/"])
def test_public_pages_seen_anonymously_keep_their_caching(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")


def test_a_view_that_sets_its_own_cache_control_keeps_it(client):
    # allauth marks its login page never_cache.
    response = client.get("/accounts/login/")
    assert "max-age=0" in response["Cache-Control"]

    request = RequestFactory().get("/")
    request.session, request.user = SessionStore(), UserFactory()
    request.session["_auth_user_id"] = str(request.user.pk)
    response = PrivateNoStoreMiddleware(
        lambda request: HttpResponse(headers={"Cache-Control": "max-age=60"})
    )(request)
    assert response["Cache-Control"] == "max-age=60"


def test_an_anonymous_response_that_writes_the_session_is_not_stored():
    def view(request):
        request.session["seen"] = True
        return HttpResponse()

    request = RequestFactory().get("/")
    request.session, request.user = SessionStore(), AnonymousUser()
    assert PrivateNoStoreMiddleware(view)(request)["Cache-Control"] == "private, no-store"


def test_static_files_keep_their_caching_for_signed_in_users(settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
