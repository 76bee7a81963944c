"""Tables (CSV, XLSX, JSON) and seed-style Markdown: export, import, round trips, bad files."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation
from import_export.formats.base_formats import CSV, JSON, XLSX

from questions.exporting import bank_as_dataset, bank_as_markdown
from questions.importer import ImportRefused, import_markdown, parse_questions
from questions.importer.metadata import check_metadata, split_front_matter
from questions.importer.tables import import_table
from questions.limits import IMPORT_MAX_BYTES
from questions.models import KeyPoint, Question, Source, Tag
from questions.tests.factories import QuestionFactory, TagFactory

FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}
FIGURE = "/figures/3f2b8c1e-7d4a-4e3b-9a61-2c5d8e9f0a1b.png"
RICH_ANSWER = f"""注意力 (attention) weighs every position.

```python
def attention(q, k, v):
    # 不是标题
    return softmax(q @ k.T) @ v
```

| 模型 | Heads |
| --- | --- |
| BERT | 12 |

![多头注意力]({FIGURE})

- 中文 and English, 混排"""


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def snapshot() -> list[tuple]:
    """Everything an import should carry, question by question (not pks, not sources)."""
    questions = Question.objects.order_by("slug").prefetch_related("tags", "key_points", "related")
    return [
        (
            q.slug,
            q.number,
            q.title,
            q.answer_md,
            q.supplement_md,
            q.difficulty,
            q.answer_minutes,
            sorted((t.slug, t.name_zh, t.name_en) for t in q.tags.all()),
            [p.as_data() for p in q.key_points.all()],
            sorted(o.slug for o in q.related.all()),
        )
        for q in questions
    ]


def export(fmt: str) -> bytes:
    if fmt == "md":
        return bank_as_markdown(Question.objects.all()).encode()
    data = FORMATS[fmt]().export_data(bank_as_dataset(Question.objects.all()))
    return data if isinstance(data, bytes) else data.encode()


def import_file(raw: bytes, fmt: str, name="bank", dry_run=False):
    if fmt == "md":
        front, text = split_front_matter(raw.decode())
        parsed = parse_questions(text)
        meta = check_metadata(front, parsed, where="front matter") if front else None
        return import_markdown(parsed, name=name, metadata=meta, dry_run=dry_run)
    return import_table(raw, fmt=fmt, key=f"table:{name}", name=name, dry_run=dry_run)


def empty_bank():
    """Forget the bank, as a fresh database would have none."""
    with connection.cursor():
        KeyPoint.objects.all().delete()
        Question.related.through.objects.all().delete()
        Question.objects.all().delete()
        Source.objects.all().delete()
        Tag.objects.all().delete()


def rich_bank():
    attention = TagFactory(slug="attention", name_zh="注意力", name_en="Attention")
    q1 = QuestionFactory(
        slug="attention-basics",
        number=1,
        title="什么是注意力？What is attention?",
        answer_md=RICH_ANSWER,
        supplement_md="**编辑补充**：scaled by √d.",
        difficulty=3,
        answer_minutes=7,
        tags=[attention],
    )
    q2 = QuestionFactory(
        slug="q01", number=1, title="Same number, another question", answer_md="短"
    )
    q1.related.add(q2)
    KeyPoint.objects.create(
        question=q1,
        position=1,
        label_zh="缩放",
        label_en="Scaling / √d",
        essential=True,
        aliases=[["缩放", "scale"], ["√d", "sqrt d"]],
    )
    KeyPoint.objects.create(
        question=q1,
        position=2,
        label_zh="软最大",
        label_en="Softmax",
        aliases=[["softmax"]],
        synonyms=["归一化…概率", "turns scores into probabilities"],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "md"])
@pytest.mark.parametrize("bank", ["seed", "rich"])
def test_export_then_import_into_an_empty_bank_gives_back_the_same_bank(fmt, bank):
    if bank == "seed":
        call_command("load_question_bank", stdout=StringIO())
    else:
        rich_bank()
    before = snapshot()
    raw = export(fmt)
    empty_bank()

    report = import_file(raw, fmt)

    assert len(report.created) == len(before)
    assert snapshot() == before
    assert import_file(raw, fmt).unchanged == [row[0] for row in before] or fmt == "md"


@pytest.mark.django_db
def test_the_csv_columns_and_cells_read_as_documented():
    rich_bank()
    header, *rows = export("csv").decode("utf-8-sig").splitlines()
    assert header == (
        "slug,number,title,answer_md,supplement_md,tags,difficulty,answer_minutes,key_points,related,"
        "source"
    )
    text = export("csv").decode()
    assert "attention | 注意力 | Attention" in text
    assert (
        "!缩放\nScaling / √d\n缩放 | scale\n√d | sqrt d\n\n软最大\nSoftmax\nsoftmax\n"
        "≈ 归一化…概率\n≈ turns scores into probabilities"
    ) in text


CSV_HEADER = "slug,title,answer_md,tags,difficulty,answer_minutes,key_points\n"


def csv(*rows: str) -> bytes:
    return (CSV_HEADER + "".join(row + "\n" for row in rows)).encode()


@pytest.mark.django_db
def test_a_table_row_updates_its_own_question_in_place_and_a_new_slug_is_created():
    import_table(csv("a,A,one,,,,"), fmt="csv", key="table:t", name="t", dry_run=False)
    pk = Question.objects.get(slug="a").pk
    report = import_table(
        csv("a,A2,one,,3,4,", "b,B,two,new-topic | 新主题 | New topic,,,"),
        fmt="csv",
        key="table:t",
        name="t",
        dry_run=True,
    )
    assert [(r.slug, r.status, r.fields) for r in report.rows] == [
        ("a", "changed", ["answer_minutes", "difficulty", "title"]),
        ("b", "new", []),
    ]
    assert not Question.objects.filter(slug="b").exists()
    import_table(csv("a,A2,one,,3,4,"), fmt="csv", key="table:t", name="t", dry_run=False)
    assert Question.objects.get(slug="a").pk == pk


@pytest.mark.django_db
def test_a_row_that_would_update_another_sources_question_is_refused():
    call_command("load_question_bank", stdout=StringIO())
    with pytest.raises(ImportRefused) as refused:
        import_table(
            csv("q01,Mine,x,,,,", "new,New,y,,,,"), fmt="csv", key="table:t", name="t", dry_run=True
        )
    rows = refused.value.report.rows
    assert (rows[0].line, rows[0].status, rows[0].fields) == (2, "error", ["slug"])
    assert "belongs to the question" in rows[0].message
    assert "from the source “llm-interview-questions.md”" in rows[0].message
    assert rows[1].status == "new"
    assert Question.objects.get(slug="q01").title != "Mine"


@pytest.mark.django_db
def test_importing_into_the_seeds_own_source_updates_it_by_slug():
    call_command("load_question_bank", stdout=StringIO())
    seed = Source.objects.get()
    report = import_table(
        csv("q01,改过的标题,新答案,,,,"), fmt="csv", key=seed.key, name=seed.name, dry_run=False
    )
    assert report.updated == ["q01"]
    assert Question.objects.get(slug="q01").title == "改过的标题"
    assert Question.objects.get(slug="q01").key_points.exists()  # an empty cell keeps them


def spoil(raw_rows):
    return csv(*raw_rows)


BAD_CELLS = {
    "difficulty": ("a,A,x,,hard,,", "difficulty", "“hard” is not a whole number"),
    "range": ("a,A,x,,,40,", "answer_minutes", "1 to 30 minutes"),
    "topic": ("a,A,x,lonely-topic,,,", "tags", "“lonely-topic” is not a topic"),
    "key point": ('a,A,x,,,,"only one line"', "key_points", "is not a whole key point"),
    "alias": ('a,A,x,,,,"标签\nLabel"', "key_points", "at least one group of alias terms"),
    "synonym": (f'a,A,x,,,,"标签\nLabel\nterm\n≈ {"长" * 81}"', "key_points", "at most 80"),
    "no slug": (",A,x,,,,", "slug", "The slug is empty."),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "field", "message"), BAD_CELLS.values(), ids=BAD_CELLS.keys())
def test_a_bad_cell_names_its_row_and_field_and_nothing_is_imported(row, field, message):
    with pytest.raises(ImportRefused) as refused:
        import_table(csv("ok,OK,fine,,,,", row), fmt="csv", key="table:t", name="t", dry_run=False)
    assert "1 of 2 rows have problems, so nothing was imported" in refused.value.message
    bad = refused.value.report.rows[1]
    assert (bad.line, bad.status, bad.fields) == (3, "error", [field])
    assert message in bad.message
    assert not Question.objects.exists()


BAD_FILES = {
    "GBK": (
        csv("a,注意力,答案,,,,").decode().encode("gbk"),
        "csv",
        "looks like Chinese text in GBK",
    ),
    "missing columns": (b"slug,question\na,b\n", "csv", "missing columns: title, answer_md"),
    "unknown column": (
        b"slug,title,answer_md,colour\na,b,c,red\n",
        "csv",
        "unknown columns: colour",
    ),
    "ragged": (b"slug,title,answer_md\na,b\n", "csv", "more or fewer cells"),
    "header only": (CSV_HEADER.encode(), "csv", "a header but no rows"),
    "markdown as csv": ("# 1. 题\n\n答\n".encode(), "csv", "This looks like Markdown"),
    "not an xlsx": (b"slug,title\n", "xlsx", "This is not an XLSX workbook"),
    "damaged xlsx": (b"PK\x03\x04" + b"\x00" * 100, "xlsx", "not an XLSX workbook"),
    "json object": (b'{"slug": "a"}', "json", "a list of objects"),
    "bad json": (b"[{", "json", "This is not valid JSON"),
    "too big": (b"x" * (IMPORT_MAX_BYTES + 1), "csv", "the limit is 5.0\xa0MB"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "fmt", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_gets_a_clear_message_and_imports_nothing(raw, fmt, message):
    with pytest.raises(ImportRefused) as refused:
        import_table(raw, fmt=fmt, key="table:t", name="t", dry_run=False)
    assert message in refused.value.message
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_duplicate_slugs_in_one_table_are_refused():
    with pytest.raises(ImportRefused) as refused:
        import_table(
            csv("a,A,x,,,,", "a,B,y,,,,"), fmt="csv", key="table:t", name="t", dry_run=False
        )
    row = refused.value.report.rows[1]
    assert (row.fields, row.line) == (["slug"], 3)
    assert "The slug “a” appears twice in the file (first at row 2)." in row.message


@pytest.mark.django_db
def test_json_accepts_the_exported_objects():
    rich_bank()
    objects = json.loads(export("json"))
    assert objects[0]["slug"] == "attention-basics"
    assert objects[0]["tags"] == "attention | 注意力 | Attention"
