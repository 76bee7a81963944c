"""The basket: adding from any page (htmx and plain forms), order, limits, saved baskets,
privacy, and starting an interview with exactly its questions."""

import pytest
from django.utils import translation

from accounts.tests.factories import UserFactory
from banks.models import Basket
from banks.services import basket as services
from interview.models import Interview
from interview.services.interviews import CHOSEN
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START


def slugs(user) -> list[str]:
    basket = Basket.objects.get(user=user, name="")
    return [item.question.slug for item in basket.items.order_by("position")]


@pytest.fixture(autouse=True)
def english():
    """Services' messages read in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def questions(db):
    return [QuestionFactory(slug=f"q{index}") for index in range(4)]


def fill(user, questions):
    for question in questions:
        services.basket_add(user=user, question=question, now=START)


# Services


def test_add_keeps_the_order_added_and_ignores_a_second_add(user, questions):
    fill(user, [questions[2], questions[0], questions[2]])
    assert slugs(user) == ["q2", "q0"]


def test_move_swaps_neighbours_and_stops_at_the_ends(user, questions):
    fill(user, questions)
    services.basket_move(user=user, question=questions[2], offset=-1, now=START)
    assert slugs(user) == ["q0", "q2", "q1", "q3"]
    services.basket_move(user=user, question=questions[0], offset=-1, now=START)
    services.basket_move(user=user, question=questions[3], offset=1, now=START)
    assert slugs(user) == ["q0", "q2", "q1", "q3"]


def test_remove_renumbers(user, questions):
    fill(user, questions)
    services.basket_remove(user=user, question=questions[1], now=START)
    basket = Basket.objects.get(user=user, name="")
    assert list(basket.items.values_list("position", flat=True)) == [1, 2, 3]


def test_the_basket_holds_at_most_the_limit(user, monkeypatch):
    monkeypatch.setattr(services, "BASKET_MAX_QUESTIONS", 2)
    fill(user, QuestionFactory.create_batch(2))
    with pytest.raises(services.BasketError, match="at most 2"):
        services.basket_add(user=user, question=QuestionFactory(), now=START)


def test_saved_baskets_are_copies_limited_in_number(user, questions, monkeypatch):
    fill(user, questions[:2])
    saved = services.basket_save(user=user, name="Week 1", now=START)
    services.basket_clear(user=user, now=START)
    assert [item.question_id for item in saved.items.all()] == [q.pk for q in questions[:2]]
    with pytest.raises(services.BasketError, match="empty"):
        services.basket_save(user=user, name="Empty", now=START)
    fill(user, questions[2:])
    with pytest.raises(services.BasketError, match="already have"):
        services.basket_save(user=user, name="Week 1", now=START)
    monkeypatch.setattr(services, "MAX_SAVED_BASKETS", 1)
    with pytest.raises(services.BasketError, match="at most 1"):
        services.basket_save(user=user, name="Week 2", now=START)


def test_opening_a_saved_basket_replaces_the_working_one(user, questions):
    fill(user, [questions[1], questions[0]])
    saved = services.basket_save(user=user, name="Mine", now=START)
    services.basket_clear(user=user, now=START)
    fill(user, [questions[3]])
    services.basket_open(basket=saved, now=START)
    assert slugs(user) == ["q1", "q0"]


def test_start_asks_exactly_the_basket_in_order(user, questions):
    fill(user, [questions[3], questions[1], questions[2]])
    basket = Basket.objects.get(user=user, name="")
    interview = services.basket_start(basket=basket, now=START, minutes_per_question=4)
    answers = interview.answers.order_by("position")
    assert [a.question.slug for a in answers] == ["q3", "q1", "q2"]
    assert interview.mode == CHOSEN
    assert {a.time_limit_seconds for a in answers} == {240}


def test_start_leaves_out_questions_retired_since(user, questions):
    fill(user, questions[:2])
    questions[0].is_active = False
    questions[0].save()
    basket = Basket.objects.get(user=user, name="")
    interview = services.basket_start(basket=basket, now=START, minutes_per_question=None)
    assert [a.question.slug for a in interview.answers.all()] == ["q1"]


# Views: no JavaScript


def test_add_from_the_bank_list_without_js_goes_back(user_client, user, questions):
    response = user_client.post("/basket/add/", {"question": "q1", "next": "/questions/?q=x"})
    assert response.status_code == 302 and response["Location"] == "/questions/?q=x"
    assert slugs(user) == ["q1"]


def test_next_must_be_on_this_site(user_client, questions):
    response = user_client.post("/basket/add/", {"question": "q1", "next": "https://evil.example/"})
    assert response["Location"] == "/basket/"


def test_adding_a_retired_question_is_refused_with_a_message(user_client, questions):
    questions[0].is_active = False
    questions[0].save()
    response = user_client.post("/basket/add/", {"question": "q0"}, follow=True)
    assert "no longer in the bank" in response.content.decode()


def test_full_basket_says_so(user_client, user, questions, monkeypatch):
    monkeypatch.setattr(services, "BASKET_MAX_QUESTIONS", 1)
    fill(user, questions[:1])
    response = user_client.post("/basket/add/", {"question": "q1"}, follow=True)
    assert "at most 1 questions" in response.content.decode()
    response = user_client.post("/basket/add/", {"question": "q1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "at most 1 questions" in response.content.decode()


def test_reorder_remove_and_clear_without_js(user_client, user, questions):
    fill(user, questions[:3])
    assert (
        user_client.post("/basket/items/move/", {"question": "q2", "direction": "up"})["Location"]
        == "/basket/"
    )
    assert slugs(user) == ["q0", "q2", "q1"]
    user_client.post("/basket/items/remove/", {"question": "q0"})
    assert slugs(user) == ["q2", "q1"]
    page = user_client.get("/basket/").content.decode()
    assert page.index(questions[2].title) < page.index(questions[1].title)
    user_client.post("/basket/clear/")
    assert slugs(user) == []


def test_bad_direction_is_a_message_not_a_500(user_client, user, questions):
    fill(user, questions[:2])
    response = user_client.post(
        "/basket/items/move/", {"question": "q1", "direction": "sideways"}, follow=True
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_save_rename_open_delete_without_js(user_client, user, questions):
    fill(user, questions[:2])
    user_client.post("/basket/save/", {"name": "  第一周  "})
    saved = Basket.objects.get(user=user, name="第一周")
    user_client.post(f"/basket/{saved.pk}/rename/", {"name": "Week one"})
    saved.refresh_from_db()
    assert saved.name == "Week one"
    user_client.post("/basket/clear/")
    user_client.post(f"/basket/{saved.pk}/open/")
    assert slugs(user) == ["q0", "q1"]
    page = user_client.get("/basket/").content.decode()
    assert "Week one" in page
    user_client.post(f"/basket/{saved.pk}/delete/")
    assert not Basket.objects.filter(pk=saved.pk).exists()


# Views: htmx


def test_htmx_add_swaps_the_button_and_the_badge(user_client, questions):
    response = user_client.post(
        "/basket/add/", {"question": "q1", "next": "/questions/"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html and 'action="/basket/remove/"' in html
    assert 'id="basket-badge"' in html and 'hx-swap-oob="true"' in html
    assert '<span class="basket-count">1</span>' in html
    response = user_client.post(
        "/basket/remove/", {"question": "q1", "next": "/questions/"}, HTTP_HX_REQUEST="true"
    )
    assert '<span class="basket-count">0</span>' in response.content.decode()


def test_htmx_move_redraws_the_list_with_focus_on_the_moved_button(user_client, user, questions):
    fill(user, questions[:2])
    response = user_client.post(
        "/basket/items/move/", {"question": "q1", "direction": "up"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="basket-items"')
    assert html.count("autofocus") == 1


# Buttons on other pages


def test_the_bank_list_question_page_and_attempts_page_offer_the_button(
    user_client, user, questions
):
    fill(user, questions[:1])
    bank = user_client.get("/questions/").content.decode()
    assert bank.count('class="basket-toggle"') == 4
    assert bank.count('aria-pressed="true" title="Take it out') == 1
    page = user_client.get(questions[0].get_absolute_url()).content.decode()
    assert 'action="/basket/remove/"' in page and 'class="basket-count">1<' in page
    attempts = user_client.get(f"/history/questions/{questions[1].slug}/").content.decode()
    assert 'action="/basket/add/"' in attempts


def test_visitors_see_no_basket(client, questions):
    assert "basket-toggle" not in client.get("/questions/").content.decode()
    assert client.get("/basket/").status_code == 302


# Privacy


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/basket/{pk}/open/"),
        ("post", "/basket/{pk}/rename/"),
        ("post", "/basket/{pk}/delete/"),
        ("post", "/basket/{pk}/start/"),
        ("get", "/basket/{pk}/paper/"),
        ("get", "/basket/{pk}/paper.md"),
        ("get", "/basket/{pk}/paper.apkg"),
    ],
)
def test_another_users_basket_is_not_found(login, questions, method, path):
    owner = UserFactory()
    fill(owner, questions[:1])
    saved = services.basket_save(user=owner, name="Private", now=START)
    client = login(UserFactory())
    response = getattr(client, method)(path.format(pk=saved.pk), {"name": "Mine"})
    assert response.status_code == 404
    assert Basket.objects.get(pk=saved.pk).name == "Private"


# Starting


def test_start_from_the_basket_page(user_client, user, questions):
    fill(user, [questions[2], questions[0]])
    basket = Basket.objects.get(user=user, name="")
    response = user_client.post(f"/basket/{basket.pk}/start/", {"token": "t-1", "minutes": ""})
    interview = Interview.objects.get(user=user)
    assert response["Location"] == interview.get_absolute_url()
    assert [a.question.slug for a in interview.answers.all()] == ["q2", "q0"]
    # The same form sent twice starts one interview.
    user_client.post(f"/basket/{basket.pk}/start/", {"token": "t-1", "minutes": ""})
    assert Interview.objects.filter(user=user).count() == 1


def test_start_counts_against_the_limit_on_starts(user_client, user, questions, monkeypatch):
    from interview.services import start_limit

    monkeypatch.setattr(start_limit, "START_LIMIT", 0)
    fill(user, questions[:1])
    basket = Basket.objects.get(user=user, name="")
    response = user_client.post(
        f"/basket/{basket.pk}/start/", {"token": "t-2", "minutes": ""}, follow=True
    )
    assert "You have started 0 interviews" in response.content.decode()
    assert not Interview.objects.filter(user=user).exists()


def test_start_with_bad_minutes_is_a_message(user_client, user, questions):
    fill(user, questions[:1])
    basket = Basket.objects.get(user=user, name="")
    response = user_client.post(
        f"/basket/{basket.pk}/start/", {"token": "t-3", "minutes": "999"}, follow=True
    )
    assert response.status_code == 200
    assert not Interview.objects.filter(user=user).exists()


def test_topic_links_on_the_basket_lead_to_the_bank_every_time(user_client, user):
    """The layout is kept between requests; the bank's address the topics link to is not
    part of what is kept, so the second showing links as the first did."""
    question = QuestionFactory(slug="tagged", tags=[TagFactory(slug="llm")])
    fill(user, [question])
    for _ in range(2):
        page = user_client.get("/basket/").content.decode()
        assert 'href="/questions/?tag=llm"' in page
