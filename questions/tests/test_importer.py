"""The importer against the real seed file, and against files that must be refused."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test.html import Element, parse_html
from django.utils import translation

from questions.importer import MAX_FILE_BYTES, parse_questions, read_question_file
from questions.markdown import render_markdown
from questions.models import KeyPoint, Question, Tag
from questions.tests.factories import QuestionFactory

SEED = settings.BASE_DIR.parent / "shared/seed/llm-interview-questions.md"
METADATA = settings.BASE_DIR / "fixtures/seed-metadata.json"
Q04_LINK = "https://blog.csdn.net/weixin_36378508/article/details/133809694"


def descendants(node):
    """Every element below `node`, depth first."""
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from descendants(child)


def elements(html):
    """Every element of an HTML fragment."""
    root = parse_html(html)
    if root.name:
        yield root
    yield from descendants(root)


def has_class(element, name):
    return name in dict(element.attributes).get("class", "").split()


def run_import(*args):
    """Run import_questions and return what it printed to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command("import_questions", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def seed():
    """The seed parsed once, by slug."""
    return {question.slug: question for question in parse_questions(read_question_file(SEED))}


# The real seed, parsed and rendered


def test_seed_gives_31_questions(seed):
    assert len(seed) == 31


def test_both_questions_numbered_09_are_kept(seed):
    assert seed["q09"].number == seed["q09-2"].number == 9
    assert seed["q09"].title == "连接文本和图像的CLIP架构简介"
    assert seed["q09-2"].title == "Attention计算复杂度以及如何改进"


def test_link_broken_across_lines_is_mended(seed):
    answer = seed["q04"].answer_md
    assert f"]({Q04_LINK})" in answer
    hrefs = [
        dict(a.attributes).get("href") for a in elements(render_markdown(answer)) if a.name == "a"
    ]
    assert Q04_LINK in hrefs


def test_fenced_python_is_highlighted(seed):
    html = render_markdown(seed["q09-2"].answer_md)
    blocks = [el for el in elements(html) if el.name == "pre" and has_class(el, "highlight")]
    assert len(blocks) == 1
    spans = [el for el in descendants(blocks[0]) if el.name == "span"]
    assert spans and all(dict(span.attributes).get("class") for span in spans)
    assert "to_qkv" in [child for span in spans for child in span.children]


@pytest.mark.parametrize(
    ("slug", "figure"),
    [
        ("q02", "/static/figures/stable-diffusion-pipeline.svg"),
        ("q09-2", "/static/figures/attention-qkv.svg"),
        ("q27", "/static/figures/rl-agent-environment.svg"),
    ],
)
def test_seed_images_show_our_figures(seed, slug, figure):
    html = render_markdown(seed[slug].answer_md)
    sources = [dict(img.attributes)["src"] for img in elements(html) if img.name == "img"]
    assert sources == [figure]
    assert "assert/" not in html


def test_nested_list_renders_nested(seed):
    html = render_markdown(seed["q05"].answer_md)
    outer_lists = [el for el in elements(html) if el.name == "ul"]
    nested = [ul for ul in outer_lists if any(el.name == "ul" for el in descendants(ul))]
    assert len(nested) == 1
    assert "BN是对单词做缩放" in str(nested[0])


@pytest.mark.django_db
def test_styled_letters_are_stored_as_written_and_found_by_plain_search(client):
    run_import(SEED)
    assert "𝗣𝗿𝗲-𝘁𝗿𝗮𝗶𝗻𝗶𝗻𝗴" in Question.objects.get(slug="q15").answer_md
    response = client.get("/questions/", {"q": "pre-training"})
    assert [question.slug for question in response.context["page"]] == ["q15"]


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["q18", "q19"])
def test_link_only_answers_keep_link_and_gain_supplement(slug):
    run_import(SEED, "--metadata", METADATA)
    question = Question.objects.get(slug=slug)
    assert question.answer_md.endswith("(https://zhuanlan.zhihu.com/p/672999750)")
    assert question.supplement_md.strip()
    assert 'href="https://zhuanlan.zhihu.com/p/672999750"' in question.answer_html


# The import_questions command


@pytest.mark.django_db
def test_import_reports_what_it_created():
    out, err = run_import(SEED)
    assert "31 created, 0 updated, 0 unchanged (31 questions in llm-interview-questions.md)" in out
    assert err == ""
    assert Question.objects.count() == 31


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [[], ["--metadata", METADATA]], ids=["plain", "metadata"])
def test_second_import_changes_nothing(extra):
    run_import(SEED, *extra)
    before = dict(Question.objects.values_list("slug", "updated_at"))
    out, _err = run_import(SEED, *extra)
    assert "0 created, 0 updated, 31 unchanged" in out
    assert dict(Question.objects.values_list("slug", "updated_at")) == before


@pytest.mark.django_db
def test_changed_answer_updates_the_existing_question(tmp_path):
    run_import(SEED)
    q01 = Question.objects.get(slug="q01")
    edited = tmp_path / SEED.name
    text = SEED.read_text(encoding="utf-8")
    assert text.count("只训练降维矩阵A与升维矩阵B") == 1
    edited.write_text(text.replace("只训练降维矩阵A与升维矩阵B", "只训练矩阵A和B"), "utf-8")

    out, _err = run_import(edited)

    assert "updated: q01" in out
    assert "0 created, 1 updated, 30 unchanged" in out
    assert Question.objects.count() == 31
    q01_after = Question.objects.get(slug="q01")
    assert q01_after.pk == q01.pk
    assert "只训练矩阵A和B" in q01_after.answer_md


@pytest.mark.django_db
def test_dry_run_saves_nothing():
    out, _err = run_import(SEED, "--metadata", METADATA, "--dry-run")
    assert "Dry run, nothing saved: would have 31 created" in out
    assert Question.objects.count() == 0
    assert Tag.objects.count() == 0


@pytest.mark.django_db
def test_metadata_sets_tags_difficulty_and_minutes():
    run_import(SEED, "--metadata", METADATA)
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    assert Tag.objects.count() == len(metadata["tags"])
    for slug, meta in metadata["questions"].items():
        question = Question.objects.get(slug=slug)
        assert sorted(tag.slug for tag in question.tags.all()) == sorted(meta["tags"])
        assert question.difficulty == meta["difficulty"]
        assert question.answer_minutes == meta["minutes"]


# Files that must be refused, whole


REFUSED_FILES = {
    "text before first heading": ("前言：这是一份题库。\n\n# 01. 有效的问题\n\n答案\n".encode(), 1),
    "heading without number": (b"# 01. Valid\n\nAnswer\n\n# not numbered\n\nMore\n", 5),
    "number without title": (b"# 01. Valid\n\nAnswer\n\n# 02.\n\nAnswer\n", 5),
    "title too long": (f"# 01. {'长' * 301}\n\nAnswer\n".encode(), 1),
    "unclosed code fence": (b"# 01. Valid\n\n```python\nprint(1)\n\n# 02. Next\n", 3),
    "no headings at all": ("只有文字，没有任何标题。\n".encode(), 1),
    "empty file": (b"", 1),
    "invalid UTF-8": (b"# 01. Valid\n\nAnswer\n\xff\xfe broken\n", 4),
    "NUL bytes": (b"# 01. Valid\n\nAns\x00wer\n", None),
    "over the size limit": (b"# 01. Valid\n\n" + b"x" * MAX_FILE_BYTES, None),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "line"), REFUSED_FILES.values(), ids=REFUSED_FILES.keys())
def test_bad_file_is_refused_and_imports_nothing(tmp_path, content, line):
    QuestionFactory(slug="existing")
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questions", str(path), stdout=StringIO(), stderr=err)

    if line is not None:
        assert f"{path}:{line}: " in err.getvalue()
    assert list(Question.objects.values_list("slug", flat=True)) == ["existing"]


@pytest.mark.django_db
def test_every_bad_line_is_reported_at_once(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("# 01. Valid\n\nAnswer\n\n# nope\n\n# 03.\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_questions", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:5: " in err.getvalue()
    assert f"{path}:7: " in err.getvalue()


@pytest.mark.django_db
def test_file_saved_on_windows_imports_cleanly(tmp_path):
    path = tmp_path / "windows.md"
    path.write_bytes("\ufeff# 01. 标题\r\n\r\n第一行\r\n第二行\r\n".encode())
    run_import(path)
    question = Question.objects.get()
    assert (question.slug, question.title) == ("q01", "标题")
    assert question.answer_md == "第一行\n第二行"


# What counts as a question heading


@pytest.mark.django_db
@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_heading_inside_code_fence_is_code(tmp_path, fence):
    path = tmp_path / "fenced.md"
    path.write_text(
        f"# 01. Code\n\n{fence}\n# 99. fake\n{fence}\n\n# 02. Next\n\nAnswer\n", encoding="utf-8"
    )
    out, _err = run_import(path)
    assert "2 created" in out
    assert sorted(Question.objects.values_list("slug", flat=True)) == ["q01", "q02"]
    code = [el for el in elements(Question.objects.get(slug="q01").answer_html) if el.name == "pre"]
    assert "# 99. fake" in str(code[0])


@pytest.mark.django_db
def test_deeper_heading_belongs_to_the_answer(tmp_path):
    path = tmp_path / "sub.md"
    path.write_text("# 01. Title\n\n## sub heading\n\nDetail\n", encoding="utf-8")
    run_import(path)
    question = Question.objects.get()
    assert question.answer_md == "## sub heading\n\nDetail"
    assert "<h2>sub heading</h2>" in question.answer_html


@pytest.mark.django_db
def test_longer_fence_is_not_closed_by_three_backticks(tmp_path):
    path = tmp_path / "long-fence.md"
    path.write_text(
        "# 01. Fences\n\n````markdown\n```python\n# 98. not a question\n```\n````\n\n"
        "# 02. Next\n\nAnswer\n",
        encoding="utf-8",
    )
    run_import(path)
    assert sorted(Question.objects.values_list("slug", flat=True)) == ["q01", "q02"]
    assert "```python\n# 98. not a question\n```" in Question.objects.get(slug="q01").answer_md


# Metadata that must be refused


def _unknown_tag(meta):
    meta["questions"]["q01"]["tags"] = ["no-such-tag"]


def _unknown_slug(meta):
    meta["questions"]["q99"] = {"tags": [], "difficulty": 1, "minutes": 3}


def _zero_minutes(meta):
    meta["questions"]["q01"]["minutes"] = 0


def _empty_label(meta):
    meta["questions"]["q01"]["key_points"][0]["label_en"] = "  "


def _empty_group(meta):
    meta["questions"]["q01"]["key_points"][0]["aliases"].append([])


def _duplicate_alias(meta):
    point = meta["questions"]["q01"]["key_points"][0]
    point["aliases"].append([point["aliases"][0][0].upper()])


def _related_to_itself(meta):
    meta["questions"]["q32"]["related"] = ["q32"]


def _related_to_unknown(meta):
    meta["questions"]["q32"]["related"] = ["q99"]


def _related_not_a_list(meta):
    meta["questions"]["q32"]["related"] = "q09-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_related_to_itself, "'q32': a question cannot be related to itself"),
        (_related_to_unknown, "'q32': related names 'q99', not in the file"),
        (_related_not_a_list, "'q32': related must be a list of question slugs"),
        (_unknown_tag, "unknown tag 'no-such-tag'"),
        (_unknown_slug, "'q99', which is not in the file"),
        (_zero_minutes, "minutes must be 1 to 30"),
        (_empty_label, "'q01', key point 1: The English label may not be empty."),
        (_empty_group, "'q01', key point 1: An alias group may not be empty."),
        (_duplicate_alias, "appears twice"),
    ],
    ids=[
        "related to itself",
        "related to unknown",
        "related not a list",
        "unknown tag",
        "unknown slug",
        "zero minutes",
        "empty label",
        "empty group",
        "dup alias",
    ],
)
def test_bad_metadata_is_refused_and_imports_nothing(tmp_path, spoil, message):
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    spoil(metadata)
    path = tmp_path / "meta.json"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"), translation.override("en"):
        call_command(
            "import_questions", str(SEED), "--metadata", str(path), stdout=StringIO(), stderr=err
        )

    assert message in err.getvalue()
    assert Question.objects.count() == 0
    assert Tag.objects.count() == 0


@pytest.mark.django_db
def test_key_points_come_with_the_metadata_in_order_and_a_second_import_keeps_them():
    run_import(SEED, "--metadata", METADATA)
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    for slug, meta in metadata["questions"].items():
        question = Question.objects.get(slug=slug)
        assert [p["label_en"] for p in question.key_points.as_data()] == [
            p["label_en"] for p in meta["key_points"]
        ]
    ids = list(KeyPoint.objects.values_list("pk", flat=True))
    out, _err = run_import(SEED, "--metadata", METADATA)
    assert "0 updated" in out
    assert list(KeyPoint.objects.values_list("pk", flat=True)) == ids  # untouched


@pytest.mark.django_db
def test_changed_key_points_replace_the_old_ones(tmp_path):
    run_import(SEED, "--metadata", METADATA)
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    metadata["questions"]["q06"]["key_points"] = [
        {"label_zh": "多头", "label_en": "Several heads", "essential": True, "aliases": [["多头"]]}
    ]
    path = tmp_path / "meta.json"
    path.write_text(json.dumps(metadata), encoding="utf-8")
    out, _err = run_import(SEED, "--metadata", path)
    assert "1 updated" in out
    assert Question.objects.get(slug="q06").key_points.as_data() == [
        {"label_zh": "多头", "label_en": "Several heads", "essential": True, "aliases": [["多头"]]}
    ]


@pytest.mark.django_db
def test_a_bank_loaded_before_key_points_gets_them_from_the_fixture():
    call_command("load_question_bank", stdout=StringIO())
    expected = KeyPoint.objects.count()
    assert expected > 100
    KeyPoint.objects.all().delete()
    out = StringIO()
    call_command("load_question_bank", stdout=out)
    assert f"{expected} key points added" in out.getvalue()
    assert KeyPoint.objects.count() == expected
    call_command("load_question_bank", stdout=StringIO())
    assert KeyPoint.objects.count() == expected  # only where a question has none


def related_slugs(slug: str) -> set[str]:
    return set(Question.objects.get(slug=slug).related.values_list("slug", flat=True))


@pytest.mark.django_db
def test_the_two_attention_questions_are_related_both_ways():
    # The metadata lists q32 under q09-2 only; the relation holds from either side.
    run_import(SEED, "--metadata", METADATA)
    assert related_slugs("q09-2") == {"q32"}
    assert related_slugs("q32") == {"q09-2"}
    assert related_slugs("q01") == set()
    out, _err = run_import(SEED, "--metadata", METADATA)
    assert "0 updated" in out


@pytest.mark.django_db
def test_related_questions_follow_the_metadata(tmp_path):
    run_import(SEED, "--metadata", METADATA)
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))
    del metadata["questions"]["q09-2"]["related"]
    metadata["questions"]["q06"]["related"] = ["q05"]
    path = tmp_path / "meta.json"
    path.write_text(json.dumps(metadata), encoding="utf-8")

    out, _err = run_import(SEED, "--metadata", path)

    assert related_slugs("q09-2") == related_slugs("q32") == set()
    assert related_slugs("q05") == {"q06"}
    assert "4 updated" in out  # both questions of each pair
