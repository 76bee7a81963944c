"""The light/dark/system switch: a validated cookie, read by the server on every page."""

import pytest
from django.test import Client

from core.theme import THEME_COOKIE, THEME_COOKIE_MAX_AGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def html_tag(response) -> str:
    content = response.content.decode()
    return content[content.index("<html") : content.index(">", content.index("<html")) + 1]


def color_scheme(response) -> str:
    content = response.content.decode()
    start = content.index('<meta name="color-scheme" content="') + len(
        '<meta name="color-scheme" content="'
    )
    return content[start : content.index('"', start)]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_choosing_a_theme_sets_a_lasting_cookie_and_goes_back(client, theme):
    response = client.post("/theme/", {"theme": theme, "next": "/questions/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/questions/?page=2"
    cookie = response.cookies[THEME_COOKIE]
    assert cookie.value == theme
    assert cookie["max-age"] == THEME_COOKIE_MAX_AGE >= 180 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"


def test_choosing_system_forgets_the_choice(client):
    client.cookies[THEME_COOKIE] = "dark"
    response = client.post("/theme/", {"theme": "system", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[THEME_COOKIE].value == ""
    assert response.cookies[THEME_COOKIE]["max-age"] == 0


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "abc", ""]
)
def test_the_switch_only_goes_back_to_a_page_of_this_site(client, next_url):
    response = client.post("/theme/", {"theme": "dark", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("value", ["", "blue", "DARK", "dark ", "system; path=/"])
def test_an_unknown_theme_is_refused_and_sets_nothing(client, value):
    response = client.post("/theme/", {"theme": value, "next": "/"})
    assert response.status_code == 400
    assert THEME_COOKIE not in response.cookies
    assert "Choose a theme" in response.content.decode()


def test_the_switch_only_accepts_posts(client):
    assert client.get("/theme/", {"theme": "dark"}).status_code == 405


@pytest.mark.parametrize(
    ("cookie", "attribute", "scheme"),
    [
        ("dark", ' data-theme="dark"', "dark"),
        ("light", ' data-theme="light"', "light"),
        (None, "", "light dark"),
        ("system", "", "light dark"),
        ('"><script>', "", "light dark"),
    ],
)
def test_pages_arrive_in_the_chosen_theme(client, cookie, attribute, scheme):
    """The server draws the page in the chosen colours: nothing has to run first."""
    if cookie is not None:
        client.cookies[THEME_COOKIE] = cookie
    response = client.get("/questions/")
    assert html_tag(response) == f'<html lang="en"{attribute}>'
    assert color_scheme(response) == scheme
    assert "<script>" not in html_tag(response)


def test_the_switch_marks_the_current_choice(client):
    client.cookies[THEME_COOKIE] = "dark"
    content = client.get("/questions/").content.decode()
    assert 'value="dark" title="Dark" aria-pressed="true"' in content
    assert 'value="light" title="Light" aria-pressed="false"' in content
    assert 'value="system" title="System" aria-pressed="false"' in content
    # It returns to the page it was on.
    assert '<input type="hidden" name="next" value="/questions/">' in content
