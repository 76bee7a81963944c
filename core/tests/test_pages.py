"""The home page shows what the apps registered: the landing page to visitors, a signed-in
user's own page to them, and an honest 404 when no app registered anything."""

import pytest
from django.http import HttpResponse
from django.test import Client

from accounts.tests.factories import UserFactory
from core import pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, leaving the apps' own registrations alone."""
    views = {}
    monkeypatch.setattr(pages, "_home_views", views)
    return views


def page(text):
    return lambda request: HttpResponse(text)


def test_the_apps_register_the_landing_page_and_todays_plan():
    from practice.views import home
    from questions.views import landing

    assert pages.home_view(signed_in=False) is landing
    assert pages.home_view(signed_in=True) is home


def test_visitors_get_the_landing_page_and_signed_in_users_their_own(client, registry):
    pages.register_home(page("landing"), signed_in=False)
    pages.register_home(page("plan"), signed_in=True)
    assert client.get("/").content == b"landing"
    client.force_login(UserFactory())
    assert client.get("/").content == b"plan"


def test_a_signed_in_user_gets_the_landing_page_when_no_app_has_a_page_for_them(
    signed_in, registry
):
    pages.register_home(page("landing"), signed_in=False)
    assert signed_in.get("/").content == b"landing"


def test_visitors_are_not_shown_a_page_meant_for_signed_in_users(client, registry):
    pages.register_home(page("plan"), signed_in=True)
    assert client.get("/").status_code == 404


@pytest.mark.parametrize("who", ["client", "signed_in"])
def test_without_any_registered_page_the_home_page_is_not_found(request, registry, who):
    assert request.getfixturevalue(who).get("/").status_code == 404


@pytest.mark.parametrize("who", ["client", "signed_in"])
def test_the_home_page_varies_on_the_cookie_and_only_answers_reads(request, who):
    browser = request.getfixturevalue(who)
    response = browser.get("/")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]
    assert browser.head("/").status_code == 200
    assert browser.post("/").status_code == 405
