"""import_source: a question's identity is (source, key); sources never overwrite each other."""

import pytest
from django.utils import translation

from interview.tests.factories import AnswerFactory
from questions.importer.sources import ImportedQuestion, ImportRefused, import_source
from questions.models import KeyPoint, Question, Source, Tag
from questions.tests.factories import QuestionFactory

POINT = {
    "label_zh": "低秩",
    "label_en": "Low rank",
    "essential": True,
    "aliases": [["低秩", "low rank"]],
}


def item(key, title="标题", answer="答案", **extra):
    return ImportedQuestion(key=key, title=title, answer_md=answer, **extra)


def run(items, key="table:bank.csv", name="bank.csv", kind="table", dry_run=False):
    return import_source(key=key, name=name, kind=kind, items=items, dry_run=dry_run)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_new_items_are_created_in_their_own_source():
    report = run([item("alpha", slug="alpha", number=1), item("beta", slug="beta", number=2)])
    assert report.created == ["alpha", "beta"]
    assert [row.status for row in report.rows] == ["new", "new"]
    source = Source.objects.get(key="table:bank.csv")
    assert (source.name, source.kind) == ("bank.csv", "table")
    assert set(source.questions.values_list("origin_key", "slug")) == {
        ("alpha", "alpha"),
        ("beta", "beta"),
    }


@pytest.mark.django_db
def test_reimport_updates_its_own_questions_in_place_and_reports_the_fields():
    run([item("alpha", slug="alpha"), item("beta", slug="beta")])
    pk = Question.objects.get(slug="alpha").pk
    before = Question.objects.get(slug="beta").updated_at
    report = run(
        [item("alpha", slug="alpha", answer="新答案", difficulty=3), item("beta", slug="beta")]
    )
    assert (report.created, report.updated, report.unchanged) == ([], ["alpha"], ["beta"])
    assert report.rows[0].fields == ["answer_md", "difficulty"]
    alpha = Question.objects.get(slug="alpha")
    assert (alpha.pk, alpha.answer_md, alpha.difficulty) == (pk, "新答案", 3)
    assert Question.objects.get(slug="beta").updated_at == before


@pytest.mark.django_db
def test_another_source_with_the_same_keys_never_touches_the_first():
    run([item("q01", title="Seed one")], key="markdown:seed.md", name="seed.md", kind="markdown")
    report = run(
        [item("q01", title="Mine")], key="markdown:mine.md", name="mine.md", kind="markdown"
    )
    assert report.created == ["mine-q01"]
    seed = Question.objects.get(slug="q01")
    assert (seed.title, seed.origin.key) == ("Seed one", "markdown:seed.md")
    assert Question.objects.get(slug="mine-q01").origin.key == "markdown:mine.md"


@pytest.mark.django_db
def test_a_wanted_slug_of_another_source_is_refused_naming_that_question():
    QuestionFactory(slug="taken", title="Written by hand")
    run([item("x", slug="x", title="Theirs")], key="table:a.csv", name="a.csv")
    with pytest.raises(ImportRefused) as refused:
        run([item("taken", slug="taken"), item("x", slug="x"), item("ok", slug="ok")])
    message = refused.value.message
    assert "2 of 3 questions have problems, so nothing was imported" in message
    assert "“Written by hand” written in the admin" in message
    assert "“Theirs” from the source “a.csv”" in message
    assert [row.status for row in refused.value.report.rows] == ["error", "error", "new"]
    assert not Question.objects.filter(slug="ok").exists()
    assert not Source.objects.filter(key="table:bank.csv").exists()


@pytest.mark.django_db
def test_slugs_stay_stable_when_an_item_asks_for_another():
    run([item("guid-1", title="What is attention")], key="anki:1", name="Deck", kind="anki")
    assert Question.objects.get().slug == "guid-1"
    run([item("guid-1", title="Renamed", slug="renamed")], key="anki:1", name="Deck", kind="anki")
    assert Question.objects.get().slug == "guid-1"
    assert Question.objects.get().title == "Renamed"


@pytest.mark.django_db
def test_a_key_that_is_not_a_slug_gets_one_from_the_title_or_a_hash():
    report = run(
        [item("b`7K+e)N", title="What is LoRA?"), item("x|y!", title="什么是注意力")],
        key="anki:2",
        kind="anki",
    )
    assert report.created[0] == "what-is-lora"
    assert report.created[1].startswith("q-")


@pytest.mark.django_db
def test_dry_run_reports_without_writing():
    report = run([item("alpha", slug="alpha", tags=[("t", "主题", "Topic")])], dry_run=True)
    assert report.created == ["alpha"]
    assert not Question.objects.exists()
    assert not Source.objects.exists()
    assert not Tag.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"title": " "}, "title", "no title"),
        ({"difficulty": 5}, "difficulty", "Difficulty must be 1, 2 or 3"),
        ({"answer_minutes": 0}, "answer_minutes", "1 to 30 minutes"),
        ({"slug": "not a slug"}, "slug", "not a valid slug"),
        (
            {"key_points": [{"label_zh": "", "label_en": "x", "aliases": [["a"]]}]},
            "key_points",
            "Key point 1",
        ),
        ({"tags": [("t", "", "Topic")]}, "tags", "needs a slug"),
    ],
)
def test_a_faulty_item_is_an_error_row_with_its_field(bad, field, message):
    values = {"title": "标题", "slug": "good"} | bad
    with pytest.raises(ImportRefused) as refused:
        run([ImportedQuestion(key="k", answer_md="a", line=4, **values)])
    row = refused.value.report.rows[0]
    assert (row.status, row.line, row.fields) == ("error", 4, [field])
    assert message in row.message
    assert "row 4" in refused.value.message
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_duplicate_keys_and_slugs_in_one_file_are_refused():
    with pytest.raises(ImportRefused) as refused:
        run([item("a", slug="same", line=2), item("b", slug="same", line=3), item("a", line=4)])
    messages = [row.message for row in refused.value.report.rows]
    assert "slug “same” appears twice in the file (first at row 2)" in messages[1]
    assert "key “a” appears twice in the file (first at row 2)" in messages[2]


@pytest.mark.django_db
def test_tags_key_points_and_related_travel_and_empty_tags_leave_them():
    run(
        [
            item("a", slug="a", tags=[("lora", "低秩", "LoRA")], key_points=[POINT], related=["b"]),
            item("b", slug="b"),
        ]
    )
    a = Question.objects.get(slug="a")
    assert [tag.slug for tag in a.tags.all()] == ["lora"]
    assert a.key_points.as_data() == [POINT]
    assert list(Question.objects.get(slug="b").related.values_list("slug", flat=True)) == ["a"]
    report = run([item("a", slug="a", related=["b"]), item("b", slug="b")])
    assert report.unchanged == ["a", "b"]
    assert [tag.slug for tag in a.tags.all()] == ["lora"]
    assert KeyPoint.objects.count() == 1


@pytest.mark.django_db
def test_an_existing_topic_keeps_its_names():
    Tag.objects.create(slug="lora", name_zh="低秩适配", name_en="LoRA")
    report = run([item("a", slug="a", tags=[("lora", "别名", "Other")])])
    assert Tag.objects.get().name_zh == "低秩适配"
    assert "keeps its names" in report.warnings[0]


@pytest.mark.django_db
def test_updating_a_question_leaves_what_answers_were_shown():
    run([item("a", slug="a", title="Old", answer="old answer", key_points=[POINT])])
    question = Question.objects.get()
    answer = AnswerFactory(question=question, key_points_snapshot=[POINT])
    run([item("a", slug="a", title="New", answer="new answer", key_points=[])])
    answer.refresh_from_db()
    assert (answer.title_snapshot, answer.answer_snapshot_md) == ("Old", "old answer")
    assert answer.key_points_snapshot == [POINT]
    assert Question.objects.get(pk=question.pk).title == "New"
