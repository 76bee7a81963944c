"""The basket's pages, and the pages its buttons sit on, cost the same whatever they hold."""

import pytest

from banks.services import basket as services
from interview.tests.factories import AnswerFactory, InterviewFactory
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import START

SIGNED_IN = 2  # the session and the user


def fill(user, count):
    tags = TagFactory.create_batch(3)
    questions = [QuestionFactory(tags=tags) for _ in range(count)]
    for question in questions:
        services.basket_add(user=user, question=question, now=START)
    return questions


@pytest.mark.parametrize("size", [2, 40])
def test_basket_page(user, user_client, django_assert_num_queries, size):
    fill(user, size)
    for index in range(3):
        services.basket_save(user=user, name=f"Saved {index}", now=START)
    # The working basket, its questions, their tags, the saved baskets with their sizes.
    with django_assert_num_queries(SIGNED_IN + 4):
        response = user_client.get("/basket/")
    assert len(response.context["items"]) == size


@pytest.mark.parametrize("size", [2, 40])
def test_bank_list_pays_one_query_for_the_basket(
    user, user_client, django_assert_num_queries, size
):
    fill(user, size)
    # The bank's generation; count, questions, tags, related; practice's cards; the form's
    # tags; the basket.
    with django_assert_num_queries(SIGNED_IN + 1 + 7):
        response = user_client.get("/questions/")
    assert f'<span class="basket-count">{size}</span>' in response.content.decode()
    # Again, what the list reads of the bank kept (questions.listing_kept): the generation,
    # practice's cards, the basket.
    with django_assert_num_queries(SIGNED_IN + 1 + 2):
        response = user_client.get("/questions/")
    assert f'<span class="basket-count">{size}</span>' in response.content.decode()


@pytest.mark.parametrize("size", [2, 40])
def test_question_page_pays_one_query_for_the_basket(
    user, user_client, django_assert_num_queries, size
):
    questions = fill(user, size)
    # The question with its tags and related questions; practice's card; the basket.
    with django_assert_num_queries(SIGNED_IN + 5):
        response = user_client.get(questions[0].get_absolute_url())
    assert 'action="/basket/remove/"' in response.content.decode()


def test_history_page_link_costs_nothing(user, user_client, django_assert_num_queries):
    interview = InterviewFactory(user=user, started_at=START)
    AnswerFactory(interview=interview, done=True)
    with django_assert_num_queries(SIGNED_IN + 2):
        response = user_client.get("/history/")
    assert "/history/answers.csv" in response.content.decode()
