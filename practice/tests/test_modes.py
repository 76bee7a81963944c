"""Each start mode picks the right questions; a mode with nothing to offer says so."""

import random
from datetime import timedelta

import pytest

from interview import selection
from interview.models import Interview
from practice.models import Card
from practice.tests.factories import CardFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

pytestmark = pytest.mark.django_db


def choice(user, count=5, now=START, **kwargs) -> selection.Choice:
    return selection.Choice(
        user=user, tags=[], count=count, now=now, rng=random.Random(1), **kwargs
    )


def picked(mode_key, user, **kwargs) -> list:
    return [q.slug for q in selection.pick(selection.get_mode(mode_key), choice(user, **kwargs))]


@pytest.fixture
def bank():
    return {slug: QuestionFactory(slug=slug) for slug in ("a", "b", "c", "d", "e")}


@pytest.fixture
def history(user, bank, answer_and_rate):
    """a and b rated (a more overdue), c seen but never rated; d and e never seen."""
    answer_and_rate(user, bank["a"], at=START - timedelta(days=10), rating=1)
    answer_and_rate(user, bank["b"], at=START - timedelta(hours=12), rating=3)
    answer_and_rate(user, bank["c"], at=START - timedelta(days=1))
    return bank


def test_due_picks_the_questions_whose_review_has_come_most_overdue_first(user, history):
    assert picked("due", user, now=START + timedelta(days=30)) == ["a", "b"]
    assert picked("due", user, now=START) == ["a"]  # b, rated Good, is due 2 days later
    assert picked("due", user, now=START - timedelta(days=20)) == []


def test_due_tops_up_with_new_questions_when_asked(user, history):
    chosen = picked("due", user, now=START, top_up=True, count=3)
    assert chosen[0] == "a"
    assert sorted(chosen[1:]) == ["d", "e"]


def test_new_picks_only_questions_never_shown(user, history):
    assert sorted(picked("new", user)) == ["d", "e"]


def test_weakest_orders_by_predicted_recall(user, history, answer_and_rate):
    # a was missed (rated 1) long ago; b was good recently: a is weaker.
    assert picked("weakest", user, now=START + timedelta(days=1)) == ["a", "b"]


def test_starred_picks_the_starred_questions(user, history):
    Card.objects.filter(user=user, question=history["c"]).update(starred=True)
    CardFactory(user=user, question=history["e"], starred=True)
    assert sorted(picked("starred", user)) == ["c", "e"]


def test_topics_narrow_every_mode(user, answer_and_rate):
    tag = TagFactory(slug="rl")
    inside, outside = QuestionFactory(tags=[tag]), QuestionFactory()
    for question in (inside, outside):
        answer_and_rate(user, question, at=START - timedelta(days=10), rating=1)
    mode = selection.get_mode("due")
    chosen = selection.pick(
        mode,
        selection.Choice(user=user, tags=[tag], count=5, now=START, rng=random.Random(1)),
    )
    assert chosen == [inside]


def test_the_start_page_shows_what_each_mode_has_now(user, user_client, history):
    response = user_client.get("/interviews/")
    modes = response.context["modes"]
    assert modes == {"due": 1, "new": 2, "weakest": 2, "mix": 5, "starred": 0}
    assert response.context["form"]["mode"].value() == "due"  # something is due: offered first


def test_starting_in_due_mode_creates_an_interview_of_the_due_questions(user, user_client, history):
    response = user_client.post("/interviews/", {"mode": "due", "question_count": 5, "token": "t"})
    interview = Interview.objects.get(user=user, mode="due")
    assert response.status_code == 302
    assert [a.question.slug for a in interview.answers.order_by("position")] == ["a"]


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("starred", "You have not starred any questions on these topics."),
        ("nonsense", "Select a valid choice."),
    ],
)
def test_a_mode_with_nothing_to_offer_says_so_and_starts_nothing(
    user, user_client, history, mode, message
):
    count = Interview.objects.count()
    response = user_client.post("/interviews/", {"mode": mode, "question_count": 3, "token": "t"})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Interview.objects.count() == count


def test_nothing_due_says_so(user, user_client, bank):
    response = user_client.post("/interviews/", {"mode": "due", "question_count": 3, "token": "t"})
    assert response.status_code == 422
    assert "Nothing is due for review right now." in response.content.decode()
    assert not Interview.objects.exists()


def test_the_start_pages_counts_are_what_each_mode_offers(user, history, django_assert_num_queries):
    """The start page counts the four modes of the schedule in one query over the cards; the
    figures are each mode's own `available` over every topic, retired questions left out."""
    QuestionFactory(slug="retired", is_active=False)
    CardFactory(user=user, question=history["d"], starred=True)
    CardFactory(user=user, question=QuestionFactory(is_active=False), starred=True)
    other = CardFactory(question=history["e"], starred=True)  # another user's star
    for now in (START - timedelta(days=20), START, START + timedelta(days=30)):
        each = {
            mode.key: mode.available(user, selection.pool([]), now) for mode in selection.modes()
        }
        active = selection.questions_available([])
        with django_assert_num_queries(1):
            counted = selection.mode_counts(user, now, active=active)
        assert counted == each
        assert list(counted) == [mode.key for mode in selection.modes()]
    assert (each["starred"], each["new"], each["weakest"]) == (1, 2, 2) and other.user != user


def test_the_mix_draws_only_from_the_pool_it_is_given(user, bank):
    # A caller may narrow the whole pool (the next questions leave the current one out):
    # the mix's prepared draw over every topic must not answer for it.
    narrowed = selection.pool([]).filter(slug="c")
    mix = selection.get_mode(selection.MIX)
    assert mix.pick(choice(user), narrowed) == [bank["c"].pk]
    assert sorted(mix.pick(choice(user), selection.pool([]))) == sorted(q.pk for q in bank.values())


def test_a_counter_registered_twice_counts_once():
    before = list(selection._counters)
    try:
        selection.register_counter(before[0])
        assert selection._counters == before
    finally:
        selection._counters[:] = before
