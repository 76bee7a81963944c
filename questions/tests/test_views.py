"""The public question bank pages, the language switch, and their cost in queries."""

import re

import pytest

from questions.models import Difficulty
from questions.tests.factories import QuestionFactory, TagFactory
from questions.views import PAGE_SIZE
from testsupport.markup import comparable

LIST_URL = "/questions/"

pytestmark = pytest.mark.django_db


def listed_slugs(response):
    return [question.slug for question in response.context["page"].object_list]


def without_tokens(response) -> str:
    """A page with what differs on every request blanked (testsupport.markup.comparable):
    the CSRF and one-time tokens, the nonces."""
    return comparable(response.content.decode())


def card_count(response):
    return response.content.decode().count('class="question-row"')


# Listing and filtering


def test_list_shows_only_active_questions(client):
    QuestionFactory(slug="visible", title="看得见的题目")
    QuestionFactory(slug="hidden", title="已下线的题目", is_active=False)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "看得见的题目" in response.content.decode()
    assert "已下线的题目" not in response.content.decode()


def test_filter_by_tag(client):
    diffusion, rl = TagFactory(slug="diffusion"), TagFactory(slug="rl")
    QuestionFactory(slug="sd", tags=[diffusion])
    QuestionFactory(slug="ppo", tags=[rl])
    QuestionFactory(slug="both", tags=[diffusion, rl])
    response = client.get(LIST_URL, {"tag": "diffusion"})
    assert sorted(listed_slugs(response)) == ["both", "sd"]


def test_filter_by_difficulty(client):
    QuestionFactory(slug="easy", difficulty=Difficulty.EASY)
    QuestionFactory(slug="hard", difficulty=Difficulty.HARD)
    response = client.get(LIST_URL, {"difficulty": "3"})
    assert listed_slugs(response) == ["hard"]


def test_search_matches_chinese_in_the_title(client):
    QuestionFactory(slug="q04", title="如何缓解 LLMs 复读机问题")
    QuestionFactory(slug="q05", title="为什么transformer块使用LayerNorm")
    assert listed_slugs(client.get(LIST_URL, {"q": "复读机"})) == ["q04"]


def test_search_matches_text_only_in_the_answer(client):
    QuestionFactory(
        slug="q07", title="监督微调后表现下降的原因", answer_md="这种现象被称为灾难性遗忘。"
    )
    QuestionFactory(slug="q08", title="微调阶段的OOM错误", answer_md="减小批量大小。")
    assert listed_slugs(client.get(LIST_URL, {"q": "灾难性遗忘"})) == ["q07"]


def test_search_needs_every_word(client):
    QuestionFactory(slug="both", title="LoRA 的矩阵怎么初始化")
    QuestionFactory(slug="lora-only", title="LoRA 原理")
    QuestionFactory(slug="init-only", title="权重初始化方法")
    assert listed_slugs(client.get(LIST_URL, {"q": "lora 初始化"})) == ["both"]


@pytest.mark.parametrize(
    "params",
    [{"tag": "nope"}, {"difficulty": "9"}, {"difficulty": "abc"}, {"q": "a\x00b"}],
    ids=["unknown tag", "difficulty out of range", "difficulty not a number", "NUL in search"],
)
def test_invalid_filter_is_ignored_with_a_message(client, params):
    QuestionFactory.create_batch(3)
    response = client.get(LIST_URL, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Some filters were not understood and were ignored" in content
    assert card_count(response) == 3


def test_pagination_puts_the_rest_on_page_two(client):
    QuestionFactory.create_batch(PAGE_SIZE + 5)
    assert card_count(client.get(LIST_URL)) == PAGE_SIZE
    assert card_count(client.get(LIST_URL, {"page": "2"})) == 5


@pytest.mark.parametrize(("page", "cards"), [("abc", PAGE_SIZE), ("999", 5)])
def test_bad_page_number_shows_a_real_page(client, page, cards):
    QuestionFactory.create_batch(PAGE_SIZE + 5)
    response = client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    assert card_count(response) == cards


def test_htmx_request_gets_only_the_results_fragment(client):
    QuestionFactory(title="注意力机制的复杂度")
    response = client.get(LIST_URL, {"q": "注意力"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="results"')
    assert "<html" not in content
    assert "<form" not in content
    assert "注意力机制的复杂度" in content


def test_post_to_list_is_not_allowed(client):
    assert client.post(LIST_URL).status_code == 405


# One question


def test_detail_hides_the_answer_in_details_and_labels_the_supplement(client):
    question = QuestionFactory(
        answer_md="原作者的**答案**。", supplement_md="编辑补充的说明。", title="什么是 LoRA？"
    )
    response = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert response.status_code == 200
    assert "not part of the original source" in content
    opens = content.index('<details class="answer-reveal"')
    closes = content.index("</details>", opens)
    assert opens < content.index("原作者的<strong>答案</strong>") < closes
    assert (
        opens < content.index('class="supplement-label"') < content.index("编辑补充的说明") < closes
    )


def test_detail_without_supplement_shows_no_label(client):
    question = QuestionFactory(supplement_md="")
    content = client.get(question.get_absolute_url()).content.decode()
    assert "supplement-label" not in content


def test_inactive_question_is_hidden_from_the_public(client):
    question = QuestionFactory(is_active=False)
    assert client.get(question.get_absolute_url()).status_code == 404


def test_inactive_question_is_visible_to_staff(client, django_user_model):
    editor = django_user_model.objects.create_user(email="editor@example.com", is_staff=True)
    client.force_login(editor)
    question = QuestionFactory(is_active=False, title="下线的题目")
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert "下线的题目" in response.content.decode()


def test_related_questions_are_linked_both_ways_in_the_list_and_on_their_pages(client):
    attention = QuestionFactory(number=9, slug="q09-2", title="Attention计算复杂度以及如何改进")
    transformer = QuestionFactory(number=32, slug="q32", title="Transformer中的Attention计算复杂度")
    retired = QuestionFactory(number=40, slug="retired", is_active=False)
    QuestionFactory(number=1, slug="q01")
    attention.related.add(transformer, retired)  # symmetric: q32 is related to q09-2 too

    listing = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    note = (
        '<span class="related-note">Related: <a href="/questions/{}/" title="{}">Q{:02d}</a></span>'
    )
    assert note.format("q32", transformer.title, 32) in listing
    assert note.format("q09-2", attention.title, 9) in listing
    assert listing.count('class="related-note"') == 2  # q01 has none; retired ones are not shown

    for question, other in [(attention, transformer), (transformer, attention)]:
        page = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Related questions" in page
        assert (
            f'<a href="{other.get_absolute_url()}">Question {other.number:02d} · {other.title}</a>'
            in page
        )
        assert retired.get_absolute_url() not in page


def test_a_question_without_related_ones_shows_no_section(client):
    question = QuestionFactory()
    page = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Related questions" not in page.content.decode()


def test_unknown_slug_is_not_found(client):
    assert client.get("/questions/no-such-question/").status_code == 404


# Cost


def _make_bank(size):
    """`size` questions with three of five tags each."""
    tags = [TagFactory(slug=f"topic-{index}") for index in range(5)]
    for index in range(size):
        QuestionFactory(tags=[tags[index % 5], tags[(index + 1) % 5], tags[(index + 2) % 5]])


@pytest.mark.parametrize("size", [5, 300])
@pytest.mark.parametrize(
    "params",
    [{}, {"tag": "topic-1", "difficulty": "2", "q": "注意力"}],
    ids=["unfiltered", "filtered"],
)
def test_list_page_query_count_does_not_grow_with_the_bank(
    client, django_assert_num_queries, size, params
):
    _make_bank(size)
    # The bank's generation; the count (a search: the matching ids, their number), the page
    # of questions, their tags, their related questions, the tag filter's options (the
    # chosen tag is found among them).
    with django_assert_num_queries(1 + 5):
        response = client.get(LIST_URL, params)
    matches = response.context["page"].paginator.count
    assert matches >= size * 3 // 5  # topic-1 is on three questions in five
    assert card_count(response) == min(matches, PAGE_SIZE)
    # Again, the bank unchanged: only the generation is read, the rest is kept
    # (questions.listing_kept).
    with django_assert_num_queries(1):
        again = client.get(LIST_URL, params)
    assert without_tokens(again) == without_tokens(response)


# Language


def test_english_browser_gets_english_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


def test_chinese_browser_gets_simplified_chinese_page(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="zh-hans">' in response.content.decode()


def test_language_choice_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in response.content.decode()


def test_language_switcher_is_in_the_header(client):
    content = client.get("/").content.decode()
    header = content[content.index('<header class="site-header">') : content.index("</header>")]
    assert 'action="/i18n/setlang/"' in header
    assert 'name="language" value="en"' in header
    assert 'name="language" value="zh-hans"' in header


def test_the_landing_page_keeps_its_counts_and_topics_until_the_bank_changes(
    client, django_assert_num_queries
):
    topic = TagFactory(slug="rag", name_en="Retrieval", name_zh="检索增强")
    QuestionFactory.create_batch(2, tags=[topic])
    first = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "?tag=rag" in first and "Retrieval" in first
    with django_assert_num_queries(1):  # the bank's generation; the rest is kept
        again = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert comparable(again) == comparable(first)
    # Kept names are chosen per request by the language.
    assert "检索增强" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    QuestionFactory()
    TagFactory(slug="agents", name_en="Agents")
    after = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "?tag=agents" in after
    count = re.compile(r'<p class="lead">(.*?)</p>', re.S)
    assert count.search(first)[1] != count.search(after)[1]
    assert "3" in count.search(after)[1] and "2" in count.search(first)[1]
