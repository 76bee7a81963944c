"""Our Anki export, opened as Anki would (a ZIP holding an SQLite collection)."""

import pytest

from banks.anki.services import anki_import, anki_open
from banks.anki_export import build_package
from banks.tests.anki_decks import open_package, png
from questions.figures_store import figure_from_bytes
from questions.models import Question
from questions.tests.factories import QuestionFactory, TagFactory

ANSWER = """Attention weighs every position.

```python
def attend(q, k):
    return q @ k.T
```

![the q/k/v projections]({url})

| term | meaning |
| --- | --- |
| Q | 查询 |
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bank(db):
    figure = figure_from_bytes(png(7), name="qkv.png", alt="q/k/v")
    attention = TagFactory(slug="attention", name_zh="注意力", name_en="Attention")
    rag = TagFactory(slug="rag", name_zh="检索增强", name_en="RAG")
    first = QuestionFactory(
        slug="q01",
        title="什么是注意力？ <What is attention?>",
        answer_md=ANSWER.format(url=figure.markdown_url),
        supplement_md="An **editor's** note.",
        tags=[attention, rag],
    )
    second = QuestionFactory(slug="q02", title="What is RAG?", answer_md="Retrieval.", tags=[rag])
    return [first, second], figure


def test_export_holds_notes_tags_media_and_highlighted_code(bank):
    questions, figure = bank

    package = open_package(build_package(questions, deck_name="Bank", language="en"))

    assert {"collection.anki2", "media"} <= package["names"]
    assert package["cards"] == 2
    first, second = package["notes"]
    assert first["tags"] == ["attention", "rag"] and second["tags"] == ["rag"]
    title, back, answer_md, supplement_md = first["fields"]
    assert title == "什么是注意力？ &lt;What is attention?&gt;"
    assert 'class="highlight"' in back and "attend" in back
    media_name = f"{figure.pk}.png"
    assert f'<img src="{media_name}" alt="the q/k/v projections">' in back
    assert package["media"] == {media_name: png(7)}
    assert "Editor's addition" in back and "<strong>editor's</strong>" in back
    assert "<br>" in answer_md and "editor" in supplement_md
    (model,) = package["models"].values()
    assert ".highlight" in model["css"] and ".nightMode .highlight" in model["css"]
    assert [deck["name"] for deck in package["decks"].values()] == ["Default", "Bank"]


def test_ids_and_guids_are_stable_across_exports(bank, clock):
    questions, _figure = bank

    first = open_package(build_package(questions, deck_name="Bank", language="en"))
    clock.shift(3600)
    Question.objects.filter(slug="q02").update(title="What is retrieval augmentation?")
    again = open_package(
        build_package(Question.objects.order_by("slug"), deck_name="Bank", language="en")
    )

    assert [n["guid"] for n in first["notes"]] == [n["guid"] for n in again["notes"]]
    assert len({n["guid"] for n in first["notes"]}) == 2
    assert first["models"].keys() == again["models"].keys()
    assert first["decks"].keys() == again["decks"].keys()
    assert again["notes"][1]["fields"][0] == "What is retrieval augmentation?"


def test_the_labels_follow_the_language(bank):
    questions, _figure = bank

    package = open_package(build_package(questions, deck_name="题库", language="zh-hans"))

    assert "编辑补充" in package["notes"][0]["fields"][1]


def test_export_then_import_gives_back_the_same_questions(bank, settings, tmp_path):
    questions, _figure = bank
    data = build_package(questions, deck_name="Bank", language="en")
    before = [
        (q.title, q.answer_md, q.supplement_md, sorted(t.slug for t in q.tags.all()))
        for q in questions
    ]
    Question.objects.all().delete()
    settings.MEDIA_ROOT = tmp_path / "elsewhere"  # the figure is stored again from the deck

    anki_import(opened=anki_open(data=data), mappings={})

    after = [
        (q.title, q.answer_md, q.supplement_md, sorted(t.slug for t in q.tags.all()))
        for q in Question.objects.order_by("number")
    ]
    assert after == before
