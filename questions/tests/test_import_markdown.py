"""The Markdown importer as one source among others: a new file never touches the seed."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from questions.models import Question, Source

THREE_NEW = "# 1. 新问题一\n\n答案一\n\n# 2. 新问题二\n\n答案二\n\n# 3. 新问题三\n\n答案三\n"


def run_import(*args):
    out, err = StringIO(), StringIO()
    call_command("import_questions", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seed_bank(db):
    call_command("load_question_bank", stdout=StringIO())
    return {
        q.slug: (q.title, q.answer_md)
        for q in Question.objects.filter(slug__in=["q01", "q02", "q03"])
    }


@pytest.mark.django_db
def test_a_new_file_numbered_1_to_3_creates_three_questions_and_never_touches_q01_to_q03(
    seed_bank, tmp_path
):
    path = tmp_path / "my-bank.md"
    path.write_text(THREE_NEW, encoding="utf-8")
    seed_points = {slug: Question.objects.get(slug=slug).key_points.as_data() for slug in seed_bank}

    out, _err = run_import(path, "--dry-run")
    assert "created: my-bank-q01, my-bank-q02, my-bank-q03" in out
    assert "would have 3 created, 0 updated, 0 unchanged" in out
    assert "updated:" not in out
    assert Question.objects.count() == 31

    out, _err = run_import(path)
    assert "3 created, 0 updated, 0 unchanged" in out
    assert Question.objects.count() == 34
    for slug, (title, answer) in seed_bank.items():
        question = Question.objects.get(slug=slug)
        assert (question.title, question.answer_md) == (title, answer)
        assert question.key_points.as_data() == seed_points[slug]
        assert question.origin.key == "markdown:llm-interview-questions.md"
    mine = Question.objects.filter(origin__key="markdown:my-bank.md").order_by("number")
    assert [(q.origin_key, q.slug, q.title) for q in mine] == [
        ("q01", "my-bank-q01", "新问题一"),
        ("q02", "my-bank-q02", "新问题二"),
        ("q03", "my-bank-q03", "新问题三"),
    ]
    assert not any(q.tags.exists() or q.key_points.exists() for q in mine)

    out, _err = run_import(path.parent / "my-bank.md")
    assert "0 created, 0 updated, 3 unchanged" in out


@pytest.mark.django_db
def test_the_source_option_names_the_source(seed_bank, tmp_path):
    path = tmp_path / "upload.md"
    path.write_text(THREE_NEW, encoding="utf-8")
    out, _err = run_import(path, "--source", "Team bank")
    assert "source: Team bank (markdown:Team bank)" in out
    assert Source.objects.get(key="markdown:Team bank").questions.count() == 3
    edited = tmp_path / "renamed.md"
    edited.write_text(THREE_NEW.replace("答案二", "新答案二"), encoding="utf-8")
    out, _err = run_import(edited, "--source", "Team bank")
    assert "0 created, 1 updated, 2 unchanged" in out


FRONT_MATTER = {
    "tags": [{"slug": "lora", "name_zh": "低秩适配", "name_en": "LoRA"}],
    "questions": {
        "q01": {
            "slug": "what-is-lora",
            "tags": ["lora"],
            "difficulty": 3,
            "minutes": 5,
            "supplement": "编辑补充",
            "key_points": [
                {
                    "label_zh": "低秩",
                    "label_en": "Low rank",
                    "essential": True,
                    "aliases": [["低秩"]],
                }
            ],
        }
    },
}


@pytest.mark.django_db
def test_a_file_carries_its_own_metadata_as_front_matter(tmp_path):
    path = tmp_path / "with-meta.md"
    path.write_text(
        "---\n" + json.dumps(FRONT_MATTER, ensure_ascii=False, indent=1) + "\n---\n\n"
        "# 1. 什么是 LoRA？\n\n低秩适配。\n",
        encoding="utf-8",
    )
    run_import(path)
    question = Question.objects.get()
    assert question.slug == "what-is-lora"
    assert [tag.slug for tag in question.tags.all()] == ["lora"]
    assert (question.difficulty, question.answer_minutes) == (3, 5)
    assert question.supplement_md == "编辑补充"
    assert question.key_points.as_data()[0]["label_en"] == "Low rank"


@pytest.mark.django_db
def test_problems_in_front_matter_name_the_line_of_the_file(tmp_path):
    path = tmp_path / "bad-meta.md"
    path.write_text('---\n{"tags": [,]}\n---\n\n# 1. 题\n\n答\n', encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        err = StringIO()
        call_command("import_questions", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:2: front matter" in err.getvalue()


@pytest.mark.django_db
def test_a_slug_held_by_another_source_is_refused_by_name(seed_bank, tmp_path):
    meta = {"tags": [], "questions": {"q01": {"slug": "q02"}}}
    path = tmp_path / "clash.md"
    path.write_text("---\n" + json.dumps(meta) + "\n---\n# 1. 题\n\n答\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"), translation.override("en"):
        call_command("import_questions", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:4: q01: The slug “q02” belongs to the question" in err.getvalue()
    assert "from the source “llm-interview-questions.md”" in err.getvalue()
    assert Question.objects.count() == 31


BAD_MARKDOWN = {
    "GBK bytes": ("# 1. 什么是注意力\n\n答案\n".encode("gbk"), "looks like Chinese text in GBK"),
    "a CSV": (b"slug,title,answer_md\nq1,Title,Answer\n", "This looks like a table (first line"),
    "JSON": (b'[{"slug": "q1"}]', "This looks like JSON"),
    "an XLSX": (b"PK\x03\x04rest", "This is a ZIP archive"),
    "no questions": (b"\n\n", "The file holds no questions"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "message"), BAD_MARKDOWN.values(), ids=BAD_MARKDOWN.keys())
def test_a_file_that_is_not_seed_markdown_says_what_it_looks_like(tmp_path, content, message):
    path = tmp_path / "upload.md"
    path.write_bytes(content)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"), translation.override("en"):
        call_command("import_questions", str(path), stdout=StringIO(), stderr=err)
    assert message in err.getvalue()
    if "table" in message:
        assert "expected Markdown with one '# NN. title' heading per question" in err.getvalue()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_load_question_bank_goes_through_the_seed_source_and_is_idempotent():
    call_command("load_question_bank", stdout=StringIO())
    source = Source.objects.get()
    assert source.key == "markdown:llm-interview-questions.md"
    assert set(Question.objects.values_list("origin_key", flat=True)) == set(
        Question.objects.values_list("slug", flat=True)
    )
    before = list(Question.objects.values_list("slug", "updated_at"))
    out = StringIO()
    call_command("load_question_bank", stdout=out)
    assert "left unchanged" in out.getvalue()
    assert list(Question.objects.values_list("slug", "updated_at")) == before
