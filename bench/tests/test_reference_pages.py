"""The reference pages `make bench` compares the hot pages with (bench/urls.py)."""

import pytest
from django.test import override_settings

from accounts.tests.factories import UserFactory
from bench import settings as bench_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("bench.urls"),
]


@pytest.fixture(autouse=True)
def bench_templates():
    with override_settings(TEMPLATES=bench_settings.TEMPLATES):
        yield


def test_signed_in_view_reads_the_session_and_the_user(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    with django_assert_num_queries(2):  # the session, the user
        response = client.get("/bench/signed-in/")
    assert response.status_code == 200
    assert response.content.decode() == str(user.pk)


def test_layout_is_the_sites_layout_around_an_empty_page(client):
    client.force_login(UserFactory())
    response = client.get("/bench/layout/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert '<main id="main"' in html


@pytest.mark.parametrize("path", ["/bench/signed-in/", "/bench/layout/"])
def test_reference_pages_ask_for_a_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_sites_own_pages_are_served_beside_them(client):
    assert client.get("/healthz/").status_code == 200
