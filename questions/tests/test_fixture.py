"""The committed fixture is the seed, tagged and timed, and loads only into an empty bank."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from questions.importer import parse_questions, read_question_file
from questions.models import Question, normalize_for_search

SEED = settings.BASE_DIR.parent / "shared/seed/llm-interview-questions.md"
FIXTURE = settings.BASE_DIR / "fixtures/questions.json"
METADATA = settings.BASE_DIR / "fixtures/seed-metadata.json"

pytestmark = pytest.mark.django_db


def load_bank():
    out = StringIO()
    call_command("load_question_bank", stdout=out, verbosity=0)
    return out.getvalue()


def test_fixture_matches_the_seed():
    call_command("loaddata", FIXTURE, verbosity=0)
    expected = {
        (question.slug, question.number, question.title, question.answer_md)
        for question in parse_questions(read_question_file(SEED))
    }
    loaded = set(Question.objects.values_list("slug", "number", "title", "answer_md"))
    assert len(loaded) == 31
    assert loaded == expected


def test_every_fixture_question_is_tagged_rated_and_timed():
    call_command("loaddata", FIXTURE, verbosity=0)
    for question in Question.objects.prefetch_related("tags"):
        assert question.tags.all(), question.slug
        assert 1 <= question.difficulty <= 3, question.slug
        assert 1 <= question.answer_minutes <= 30, question.slug


def test_fixture_matches_the_editors_metadata():
    call_command("loaddata", FIXTURE, verbosity=0)
    metadata = json.loads(METADATA.read_text(encoding="utf-8"))["questions"]
    for question in Question.objects.prefetch_related("tags"):
        meta = metadata[question.slug]
        assert sorted(tag.slug for tag in question.tags.all()) == sorted(meta["tags"])
        assert (question.difficulty, question.answer_minutes) == (
            meta["difficulty"],
            meta["minutes"],
        )
        assert question.supplement_md == meta.get("supplement", "")


def test_fixture_relates_the_two_attention_questions_both_ways():
    call_command("loaddata", FIXTURE, verbosity=0)
    related = {
        question.slug: {other.slug for other in question.related.all()}
        for question in Question.objects.prefetch_related("related")
        if question.related.all()
    }
    assert related == {"q09-2": {"q32"}, "q32": {"q09-2"}}


def test_fixture_questions_are_searchable():
    # loaddata bypasses save(), so the fixture must carry the folded search text itself.
    call_command("loaddata", FIXTURE, verbosity=0)
    for question in Question.objects.all():
        folded = normalize_for_search(
            "\n".join([question.title, question.answer_md, question.supplement_md])
        )
        assert question.search_text == folded, question.slug
    assert list(Question.objects.search("pre-training").values_list("slug", flat=True)) == ["q15"]


def test_load_question_bank_fills_an_empty_bank():
    out = load_bank()
    assert "Loaded 31 questions" in out
    assert Question.objects.count() == 31


def test_load_question_bank_leaves_an_existing_bank_alone():
    load_bank()
    Question.objects.filter(slug="q01").update(title="编辑改过的标题")

    out = load_bank()

    assert "already has 31 questions; left unchanged" in out
    assert Question.objects.count() == 31
    assert Question.objects.get(slug="q01").title == "编辑改过的标题"


def test_load_question_bank_adds_the_fixtures_related_questions_to_an_older_bank():
    load_bank()
    attention, transformer = Question.objects.get(slug="q09-2"), Question.objects.get(slug="q32")
    attention.related.clear()  # a bank loaded before questions could be related

    out = load_bank()

    assert "1 related questions added" in out
    assert list(transformer.related.all()) == [attention]
    assert "related" not in load_bank()  # nothing more to add
