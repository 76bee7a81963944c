"""What a basket becomes: Markdown in the seed's format, a printable page, an Anki deck."""

import pytest

from banks.models import Basket
from banks.services import basket as services
from questions.importer import parse_questions
from questions.tests.factories import QuestionFactory
from testsupport import START


@pytest.fixture
def basket(user):
    first = QuestionFactory(
        slug="attention",
        title="什么是注意力机制？",
        answer_md="注意力**加权**输入。\n\n```python\nprint('a very long line of code')\n```",
        supplement_md="另见 Transformer。",
    )
    second = QuestionFactory(slug="lora", title="What is LoRA?", answer_md="Low-rank adapters.")
    for question in (second, first):
        services.basket_add(user=user, question=question, now=START)
    return Basket.objects.get(user=user, name="")


def test_markdown_without_answers_is_the_headings_in_basket_order(user_client, basket):
    response = user_client.get(f"/basket/{basket.pk}/paper.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode() == "# 01. What is LoRA?\n\n# 02. 什么是注意力机制？\n"


def test_markdown_with_answers_reads_back_with_the_importer(user_client, basket):
    text = user_client.get(f"/basket/{basket.pk}/paper.md", {"answers": "1"}).content.decode()
    parsed = parse_questions(text)
    assert [(q.number, q.title) for q in parsed] == [
        (1, "What is LoRA?"),
        (2, "什么是注意力机制？"),
    ]
    assert parsed[0].answer_md == "Low-rank adapters."
    assert "```python" in parsed[1].answer_md and "另见 Transformer。" in parsed[1].answer_md


def test_a_saved_baskets_name_names_the_file(user, user_client, basket):
    saved = services.basket_save(user=user, name="第一周 Week", now=START)
    response = user_client.get(f"/basket/{saved.pk}/paper.md")
    assert "basket-%E7%AC%AC%E4%B8%80%E5%91%A8-week.md" in response["Content-Disposition"]


def test_printable_page_with_and_without_answers(user_client, basket):
    page = user_client.get(f"/basket/{basket.pk}/paper/").content.decode()
    assert 'class="paper-page"' in page
    assert page.index("What is LoRA?") < page.index("什么是注意力机制？")
    assert "Low-rank adapters." not in page and page.count('class="paper-space"') == 2
    page = user_client.get(f"/basket/{basket.pk}/paper/", {"answers": "1"}).content.decode()
    assert "Low-rank adapters." in page and "<strong>加权</strong>" in page
    assert "Editor's addition" in page and 'class="paper-space"' not in page


def test_printable_page_query_count(user_client, basket, django_assert_max_num_queries):
    for _index in range(20):
        services.basket_add(user=basket.user, question=QuestionFactory(), now=START)
    # Session and user; the basket; its questions and their tags.
    with django_assert_max_num_queries(5):
        user_client.get(f"/basket/{basket.pk}/paper/", {"answers": "1"})


def test_anki_deck_download(user_client, basket):
    response = user_client.get(f"/basket/{basket.pk}/paper.apkg")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # an .apkg is a ZIP
    assert response["Content-Disposition"].endswith('.apkg"')
