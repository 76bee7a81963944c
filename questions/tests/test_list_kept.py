"""The bank list keeps what it reads of the whole bank per process under the bank's
generation (questions.listing_kept): every change to the bank shows on the next page, and
nothing of one reader reaches another."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from banks.services import basket
from practice.tests.factories import CardFactory
from questions import generation, listing_kept
from questions.models import Difficulty, Question, Tag
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START, english_client

LIST_URL = "/questions/"
STARRED = 'name="starred" value="0" aria-pressed="true"'
IN_BASKET = '<button class="basket-button" type="submit" aria-pressed="true"'

pytestmark = pytest.mark.django_db


def page(client, params=None) -> str:
    response = client.get(LIST_URL, params or {})
    assert response.status_code == 200
    return response.content.decode()


def listed(client, params=None) -> list[str]:
    response = client.get(LIST_URL, params or {})
    return [question.slug for question in response.context["page"].object_list]


def count(client, params=None) -> int:
    return client.get(LIST_URL, params or {}).context["page"].paginator.count


@pytest.fixture
def bank():
    llm = TagFactory(slug="llm", name_zh="大模型", name_en="LLMs")
    rl = TagFactory(slug="rl", name_zh="强化学习", name_en="Reinforcement")
    first = QuestionFactory(slug="first", title="What is attention?", tags=[llm])
    second = QuestionFactory(slug="second", title="What is PPO?", tags=[rl])
    return {"llm": llm, "rl": rl, "first": first, "second": second}


@pytest.fixture
def client():
    return english_client()


# Each change to the bank shows on the next page (kept pieces are read before each change).


def test_a_question_added_shows(client, bank):
    assert count(client) == 2 and count(client, {"tag": "llm"}) == 1
    QuestionFactory(slug="third", title="What is LoRA?", tags=[bank["llm"]])
    assert count(client) == 3
    assert "What is LoRA?" in page(client)
    assert sorted(listed(client, {"tag": "llm"})) == ["first", "third"]


def test_a_title_edited_shows_in_the_list_and_in_searches(client, bank):
    assert "What is attention?" in page(client)
    assert listed(client, {"q": "transformer"}) == []
    bank["first"].title = "What does a transformer attend to?"
    bank["first"].save()
    content = page(client)
    assert "What does a transformer attend to?" in content
    assert "What is attention?" not in content
    assert listed(client, {"q": "transformer"}) == ["first"]


def test_a_question_deactivated_or_deleted_goes(client, bank):
    assert listed(client) == ["first", "second"]
    assert listed(client, {"tag": "rl"}) == ["second"]
    bank["second"].is_active = False
    bank["second"].save()
    assert listed(client) == ["first"]
    assert listed(client, {"tag": "rl"}) == []
    bank["first"].delete()
    assert listed(client) == []
    assert "No questions match" in page(client)


def test_a_topic_renamed_shows_in_the_chips_and_the_filter(client, bank):
    assert page(client).count("LLMs") == 2  # the filter's option, the first question's chip
    bank["llm"].name_en = "Large models"
    bank["llm"].save()
    content = page(client)
    assert "LLMs" not in content
    assert content.count("Large models") == 2


def test_a_topic_added_can_be_chosen_at_once(client, bank):
    assert "Select a valid choice" not in page(client, {"tag": "llm"})
    assert "Select a valid choice" in page(client, {"tag": "diffusion"})
    TagFactory(slug="diffusion", name_en="Diffusion")
    content = page(client, {"tag": "diffusion"})
    assert "Select a valid choice" not in content
    assert '<option value="diffusion" selected>Diffusion</option>' in content


def test_a_questions_topics_changed_show(client, bank):
    assert listed(client, {"tag": "rl"}) == ["second"]
    assert 'href="/questions/?tag=rl">Reinforcement' in page(client)
    bank["first"].tags.add(bank["rl"])
    assert listed(client, {"tag": "rl"}) == ["first", "second"]
    bank["second"].tags.clear()
    assert listed(client, {"tag": "rl"}) == ["first"]
    content = page(client)
    assert content.count('href="/questions/?tag=rl">Reinforcement') == 1  # the first's chip


def test_related_questions_changed_show(client, bank):
    assert "related-note" not in page(client)
    bank["first"].related.add(bank["second"])
    assert 'title="What is PPO?"' in page(client)
    bank["first"].related.clear()
    assert "related-note" not in page(client)


def test_an_update_past_the_signals_shows_once_the_generation_advances(client, bank):
    assert listed(client) == ["first", "second"]
    assert listed(client, {"q": "what"}) == ["first", "second"]
    assert listed(client, {"difficulty": "3"}) == []
    Question.objects.filter(slug="first").update(is_active=False)
    Question.objects.filter(slug="second").update(difficulty=Difficulty.HARD)
    Tag.objects.filter(slug="rl").update(name_en="Rewards")
    # As a change made by another server arrives: it made a new generation.
    generation.advance()
    assert listed(client) == ["second"]
    assert listed(client, {"q": "what"}) == ["second"]
    assert listed(client, {"difficulty": "3"}) == ["second"]
    assert "Rewards" in page(client)


def test_each_filter_and_page_is_kept_apart(client):
    topic = TagFactory(slug="llm")
    for index in range(45):
        QuestionFactory(slug=f"q{index:02d}", number=index + 1, tags=[topic] if index % 2 else [])
    seen = {}
    for params in (
        {},
        {"page": "2"},
        {"page": "3"},
        {"tag": "llm"},
        {"tag": "llm", "page": "2"},
        {"q": "什么"},
        {"q": "什么", "page": "3"},
        {"q": "什么", "tag": "llm"},
    ):
        seen[tuple(params.items())] = listed(client, params)
    for params, slugs in seen.items():  # again, from what is kept
        assert listed(client, dict(params)) == slugs
    assert seen[()][0] == "q00" and seen[(("page", "2"),)][0] == "q20"
    assert seen[(("page", "3"),)] == ["q40", "q41", "q42", "q43", "q44"]
    assert seen[(("tag", "llm"),)][:2] == ["q01", "q03"]
    assert seen[(("q", "什么"), ("page", "3"))] == seen[(("page", "3"),)]
    assert seen[(("q", "什么"), ("tag", "llm"))] == seen[(("tag", "llm"),)]


# Nothing of a reader is kept.


def test_two_readers_see_their_own_cards_and_baskets_on_the_same_kept_page(login, bank):
    one, other = login(UserFactory()), login(UserFactory())
    reader = one.get(LIST_URL).wsgi_request.user
    now = timezone.now()
    CardFactory(user=reader, question=bank["first"], starred=True, scheduled=True, due=now)
    basket.basket_add(user=reader, question=bank["second"], now=START)
    for _ in range(2):  # the first reader's page made and kept, then read from what is kept
        mine, theirs = page(one), page(other)
        assert mine.count(STARRED) == 1 and mine.count(IN_BASKET) == 1
        assert '<span class="badge badge-due">' in mine
        assert '<span class="basket-count">1</span>' in mine
        assert STARRED not in theirs and IN_BASKET not in theirs
        assert "badge-due" not in theirs
        assert '<span class="basket-count">0</span>' in theirs
        assert theirs.count('<span class="badge badge-new">') == 2
    # A status narrows the list by the reader's own cards: never kept as a whole.
    assert listed(one, {"status": "due"}) == ["first"]
    assert listed(other, {"status": "due"}) == []
    assert listed(one, {"status": "starred"}) == ["first"]
    assert listed(other, {"status": "new"}) == ["first", "second"]
    assert listed(one, {"status": "new"}) == ["second"]
    # The kept rows are made into new questions on every request: what the add-ons set on
    # them (the reader's card, the basket) stays with that request.
    first = one.get(LIST_URL).context["page"].object_list
    second = other.get(LIST_URL).context["page"].object_list
    assert first[0] is not second[0]
    assert first[0].card is not None and second[0].card is None
    assert [q.in_basket for q in first] == [False, True]
    assert [q.in_basket for q in second] == [False, False]


def test_what_is_kept_holds_only_the_banks_rows_by_its_filters(login, bank):
    client = login(UserFactory())
    CardFactory(user=client.get(LIST_URL).wsgi_request.user, question=bank["first"])
    client.get(LIST_URL, {"tag": "llm", "difficulty": "2"})
    client.get(LIST_URL, {"q": "attention"})
    client.get(LIST_URL, {"status": "new"})
    kept = listing_kept.bank_reads(generation.current())
    assert set(kept.listed.entries) == {
        (None, None, "count"),
        (None, None, 0, 2),
        (bank["llm"].pk, Difficulty.MEDIUM, "count"),
        (bank["llm"].pk, Difficulty.MEDIUM, 0, 1),
    }
    assert set(kept.searched.entries) == {
        (("attention",), None, None, "count"),
        (("attention",), None, None, 0, 1),
    }
    rows, listing = kept.listed.entries[(None, None, 0, 2)]
    assert [row[2] for row in rows] == ["first", "second"]
    assert all(type(value) in (int, str, bool) for row in rows for value in row)
    assert listing.tags[bank["first"].pk] == (("llm", "大模型", "LLMs"),)


def test_searches_kept_are_bounded(client, bank, monkeypatch):
    monkeypatch.setattr(listing_kept, "MAX_SEARCHED", 6)
    for number in range(20):
        assert listed(client, {"q": f"word{number}"}) == []
    kept = listing_kept.bank_reads(generation.current())
    assert len(kept.searched.entries) == 6
    # The newest stay, the oldest went first.
    assert (("word19",), None, None, "count") in kept.searched.entries
    assert (("word0",), None, None, "count") not in kept.searched.entries
    assert listed(client, {"q": "what"}) == ["first", "second"]


def test_a_bounded_store_drops_the_oldest_first():
    store = listing_kept.Bounded(3)
    made = []
    for key in "abcdab":
        store.get(key, lambda key=key: made.append(key) or key.upper())
    assert made == ["a", "b", "c", "d", "a", "b"]
    assert list(store.entries) == ["d", "a", "b"]
    assert store.get("d", lambda: "never") == "D"


def test_a_new_generation_starts_with_nothing_kept(client, bank):
    listed(client)
    before = listing_kept.bank_reads(generation.current())
    assert before.listed.entries
    QuestionFactory()
    after = listing_kept.bank_reads(generation.current())
    assert after is not before and not after.listed.entries


def test_a_card_changed_needs_no_new_generation(login, bank):
    # The reader's data is read on every request: their changes show without touching the
    # bank's generation.
    client = login(UserFactory())
    reader = client.get(LIST_URL).wsgi_request.user
    bank_generation = generation.current()
    assert listed(client, {"status": "due"}) == []
    CardFactory(
        user=reader, question=bank["second"], scheduled=True, due=timezone.now() - timedelta(1)
    )
    assert listed(client, {"status": "due"}) == ["second"]
    assert '<span class="badge badge-due">' in page(client)
    assert generation.current() == bank_generation
