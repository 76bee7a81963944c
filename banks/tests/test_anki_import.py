"""Importing Anki decks: packages of all three collection kinds, built in the tests."""

import io
import zipfile

import pytest
from django.utils import translation

from banks.anki import limits
from banks.anki.notes import Mapping, mappable
from banks.anki.package import PackageRefused
from banks.anki.services import anki_import, anki_open, anki_preview
from banks.tests.anki_decks import BASIC, NoteSpec, NoteTypeSpec, apkg, png
from questions.figures import Figure
from questions.importer.sources import ImportRefused
from questions.models import Question, Source, Tag

KINDS = ["anki2", "anki21", "anki21b"]
DIRTY_ANSWER = (
    '<div onclick="steal()" style="color:red">Attention <b>weighs</b> the inputs.'
    '<script>alert(1)</script></div><div>See:<br><img src="qkv%20map.png" alt="qkv"></div>'
    "<ul><li>queries</li><li>keys</li></ul>"
    '<pre><code class="language-python">print(q @ k.T)</code></pre>[sound:intro.mp3]'
)


def _notes():
    return [
        NoteSpec(
            "guid-a",
            ["What is <i>attention</i>?", DIRTY_ANSWER],
            tags=["llm", "transformers::attention"],
            deck="LLM::Basics",
        ),
        NoteSpec("guid-b", ["What is RAG?", "Retrieval, then generation."], deck="LLM::Basics"),
    ]


def _deck(kind, notes=None, **kwargs):
    media = {"qkv map.png": png(1), "intro.mp3": b"ID3 audio", "font.ttf": b"font"}
    return apkg(kind, notes or _notes(), media=media, **kwargs)


def _import(data, mappings=None):
    return anki_import(opened=anki_open(data=data), mappings=mappings or {})


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def english():
    """The messages are read in English (the site's default language is Chinese)."""
    with translation.override("en"):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_each_collection_kind_imports_notes_as_questions(kind):
    report = _import(_deck(kind))

    assert len(report.created) == 2
    source = Source.objects.get()
    assert source.kind == Source.Kind.ANKI and source.name == "LLM"
    question = Question.objects.get(origin=source, origin_key="guid-a")
    assert question.title == "What is attention?"
    answer = question.answer_md
    assert "Attention **weighs** the inputs." in answer
    assert "- queries\n- keys" in answer
    assert "```python\nprint(q @ k.T)\n```" in answer
    for unsafe in ("script", "alert", "onclick", "style", "steal", "sound:"):
        assert unsafe not in answer
    figure = Figure.objects.get()
    assert figure.origin == source and figure.name == "qkv map.png"
    assert f"![qkv]({figure.markdown_url})" in answer
    assert {tag.slug for tag in question.tags.all()} == {
        "llm",
        "transformers-attention",
        "llm-basics",
    }
    assert Tag.objects.get(slug="llm-basics").name_en == "LLM / Basics"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_preview_writes_nothing_and_notes_ignored_media(kind):
    preview = anki_preview(opened=anki_open(data=_deck(kind)), mappings={})

    assert [row.status for row in preview.report.rows] == ["new", "new"]
    assert not preview.refusal
    notes = " ".join(preview.deck.notes)
    assert "intro.mp3" in notes and "font.ttf" in notes
    assert not Question.objects.exists() and not Figure.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_reimport_updates_without_duplicates(kind):
    _import(_deck(kind))
    changed = _notes()
    changed[1].fields[1] = "Retrieval first, then generation."
    preview = anki_preview(opened=anki_open(data=_deck(kind, changed)), mappings={})
    assert [row.status for row in preview.report.rows] == ["unchanged", "changed"]

    report = _import(_deck(kind, changed))

    assert len(report.updated) == 1 and len(report.unchanged) == 1
    assert Question.objects.count() == 2 and Figure.objects.count() == 1
    assert (
        Question.objects.get(origin_key="guid-b").answer_md == "Retrieval first, then generation."
    )


@pytest.mark.django_db
def test_field_mapping_chooses_title_and_answer():
    cloze = NoteTypeSpec("Three fields", ["Extra", "Answer", "Question"], id=1_600_000_000_009)
    notes = [NoteSpec("guid-m", ["aside", "The answer.", "The question?"], notetype=cloze.name)]
    opened = anki_open(data=apkg("anki21b", notes, notetypes=(BASIC, cloze)))

    _import(
        apkg("anki21b", notes, notetypes=(BASIC, cloze)), {cloze.id: Mapping(title=2, answer=1)}
    )

    question = Question.objects.get()
    assert (question.title, question.answer_md) == ("The question?", "The answer.")
    assert [notetype.name for notetype in mappable(opened.collection)] == ["Three fields"]


def _zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"not a zip at all", "not a ZIP"),
        (_zip({"readme.txt": b"hello"}), "no Anki collection"),
        (_zip({"collection.anki21": b"SQLite format 3\x00 but broken"}), "not a readable"),
        (_zip({"collection.anki21b": b"\x28\xb5\x2f\xfd broken"}), "damaged"),
    ],
)
def test_files_that_are_not_packages_are_refused(data, words):
    with pytest.raises(PackageRefused, match=words):
        anki_open(data=data)


@pytest.mark.django_db
def test_a_path_outside_the_package_refuses_it_whole():
    data = _deck("anki21", extra={"../../evil.png": png(2)})

    with pytest.raises(PackageRefused, match="outside itself"):
        anki_open(data=data)
    assert not Question.objects.exists()


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 64 * 1024)
    data = _zip({"collection.anki2": b"\x00" * (1024 * 1024)})  # deflates to ~1 KB

    with pytest.raises(PackageRefused, match="zip bomb"):
        anki_open(data=data)


def test_a_zstd_bomb_is_refused(monkeypatch):
    import zstandard

    monkeypatch.setattr(limits, "MAX_MEMBER_BYTES", 64 * 1024)
    data = _zip({"collection.anki21b": zstandard.ZstdCompressor().compress(b"\x00" * 10**6)})

    with pytest.raises(PackageRefused, match="zip bomb"):
        anki_open(data=data)


def test_a_package_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PACKAGE_BYTES", 100)

    with pytest.raises(PackageRefused, match="over the limit"):
        anki_open(data=b"x" * 101)


@pytest.mark.django_db
def test_a_faulty_note_refuses_the_whole_import():
    notes = [*_notes(), NoteSpec("guid-empty", ["", "An answer without a question."])]

    with pytest.raises(ImportRefused):
        _import(_deck("anki21", notes))

    assert not Question.objects.exists() and not Source.objects.exists()
    assert not Figure.objects.exists()
