"""The bank list's prepared count and pages (questions/pages.py) hold what the ORM's
filtered, ordered queryset holds, for every combination of a topic and a difficulty."""

import pytest
from django.core.paginator import Paginator

from questions import pages
from questions.forms import QuestionFilterForm
from questions.models import Difficulty, Question
from questions.pages import PreparedListing
from questions.tests.factories import QuestionFactory, TagFactory


@pytest.fixture
def bank(db):
    llm, rag, empty = TagFactory(slug="llm"), TagFactory(slug="rag"), TagFactory(slug="none")
    for index in range(47):
        tags = [llm, rag] if index % 3 == 0 else [llm] if index % 3 == 1 else []
        QuestionFactory(
            number=index % 9, tags=tags, difficulty=1 + index % 3, is_active=index % 7 != 0
        )
    return llm, rag, empty


def loaded(question) -> tuple:
    """All an instance holds as loaded: its class, its values, its state, what it defers."""
    values = {key: value for key, value in vars(question).items() if key != "_state"}
    state = question._state
    return (type(question), values, state.adding, state.db, question.get_deferred_fields())


def orm(topic, difficulty):
    questions = Question.objects.active().for_listing()
    if topic:
        questions = questions.tagged(topic.slug)
    if difficulty:
        questions = questions.filter(difficulty=difficulty)
    return questions


@pytest.mark.parametrize("difficulty", [None, *Difficulty.values])
@pytest.mark.parametrize("topic", [None, "llm", "rag", "none"])
def test_every_page_holds_what_the_queryset_holds(bank, monkeypatch, topic, difficulty):
    monkeypatch.setattr(pages, "MAX_PREPARED_PAGES", 2)  # the third page on: the ORM's
    tag = next((tag for tag in bank if tag.slug == topic), None)
    prepared = Paginator(PreparedListing(topic=tag.pk if tag else None, difficulty=difficulty), 5)
    expected = Paginator(orm(tag, difficulty), 5)
    assert prepared.count == expected.count
    for number in prepared.page_range:
        got, want = prepared.page(number).object_list, list(expected.page(number).object_list)
        assert [q.pk for q in got] == [q.pk for q in want]
        assert [loaded(q) for q in got] == [loaded(q) for q in want]


@pytest.mark.django_db
def test_nothing_in_the_bank_makes_an_empty_first_page(django_assert_num_queries):
    with django_assert_num_queries(1):
        page = Paginator(PreparedListing(topic=None, difficulty=None), 5).get_page(1)
    assert page.paginator.count == 0 and list(page.object_list) == []


@pytest.mark.parametrize(
    ("query", "simple"),
    [
        (None, {"topic": None, "difficulty": None}),
        ({"difficulty": "2"}, {"topic": None, "difficulty": 2}),
        ({"difficulty": "9", "tag": "nope"}, {"topic": None, "difficulty": None}),
        ({"q": "  "}, {"topic": None, "difficulty": None}),
        ({"q": "attention"}, None),
    ],
)
def test_only_a_topic_and_a_difficulty_are_read_prepared(bank, query, simple):
    form = QuestionFilterForm(query)
    if form.is_bound:
        form.is_valid()
    assert form.simple_filters() == simple


def test_a_topic_is_read_by_its_id(bank):
    form = QuestionFilterForm({"tag": "rag"})
    form.is_valid()
    assert form.simple_filters() == {"topic": bank[1].pk, "difficulty": None}


@pytest.fixture
def searchable(db):
    llm = TagFactory(slug="llm")
    texts = ["注意力 机制", "LoRA 微调 100%", "under_score and back\\slash", "Attention is all"]
    for index in range(30):
        QuestionFactory(
            title=f"{texts[index % 4]} #{index}",
            number=index % 7,
            tags=[llm] if index % 2 else [],
            difficulty=1 + index % 3,
            is_active=index % 5 != 0,
        )
    return llm


@pytest.mark.parametrize(
    "text",
    ["注意力", "lora 100%", "100", "%", "_", "under_score", "\\", "back\\slash", "ATTENTION all",
     "nothing-matches", "a b c d e f"],
)  # fmt: skip
@pytest.mark.parametrize("topic", [False, True])
@pytest.mark.parametrize("difficulty", [None, 2])
def test_a_search_holds_what_the_queryset_holds(searchable, text, topic, difficulty):
    data = {"q": text, "tag": "llm" if topic else "", "difficulty": difficulty or ""}
    form = QuestionFilterForm(data)
    assert form.is_valid()
    chosen = form.search_filters(pages.MAX_PREPARED_TERMS)
    assert chosen is not None
    prepared = Paginator(pages.SearchListing(**chosen), 4)
    expected = Paginator(form.filter(Question.objects.active().for_listing()), 4)
    assert prepared.count == expected.count
    for number in prepared.page_range:
        got, want = prepared.page(number).object_list, list(expected.page(number).object_list)
        assert [(q.pk, q.title, q.number) for q in got] == [(q.pk, q.title, q.number) for q in want]
        assert [loaded(q) for q in got] == [loaded(q) for q in want]


def test_more_words_than_prepared_go_through_the_orm(searchable):
    form = QuestionFilterForm({"q": " ".join("abcdefg")})
    assert form.is_valid()
    assert form.search_filters(pages.MAX_PREPARED_TERMS) is None


def test_a_listed_question_is_a_question_as_the_orm_loads_it(db):
    """Made without Model.__init__: it loads a deferred column, saves, compares as the ORM's
    does; with a receiver of the init signals, the ORM's from_db makes it."""
    from django.db.models.signals import post_init

    question = QuestionFactory(title="one", answer_md="The answer.")
    rows = Question.objects.filter(pk=question.pk).for_listing()
    (listed,) = pages.as_questions(rows.values_list(*pages._COLUMNS))
    (want,) = rows
    assert loaded(listed) == loaded(want) and listed == want
    assert listed.answer_md == "The answer."  # a deferred column, read when asked for
    listed.title = "renamed"
    listed.save(update_fields=["title"])
    assert Question.objects.get(pk=question.pk).title == "renamed"

    made = []

    def receiver(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(receiver, sender=Question)
    try:
        (by_orm,) = pages.as_questions(rows.values_list(*pages._COLUMNS))
    finally:
        post_init.disconnect(receiver, sender=Question)
    assert made == [by_orm] and loaded(by_orm) == loaded(Question.objects.for_listing().get())
