"""Questions out as an Anki deck (.apkg), built with genanki.

Front: the question. Back: the model answer rendered as on the site (highlighted code,
whose Pygments styles are in the note type's CSS), then the editor's addition, labelled.
Figures travel as media files. The note type, the deck and each note have stable ids
derived from what they are (the note's GUID from the question's slug), so importing a
newer export into Anki updates its cards instead of adding copies. Two hidden fields keep
the Markdown, so importing our own deck back gives the same questions.
"""

import hashlib
import io
import re
import tempfile
from html import escape
from pathlib import Path

import genanki
from django.contrib.staticfiles import finders
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from pygments.formatters import HtmlFormatter

from banks.anki.limits import MAX_EXPORT_QUESTIONS
from banks.anki.notes import ANSWER_MD, BACK, FRONT, SUPPLEMENT_MD, markdown_field
from core import clock
from questions.figures import Figure
from questions.markdown import render_markdown
from questions.markdown_images import FIGURE_PATH, FIGURES

# An image in Markdown: its alt text and address.
MARKDOWN_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
GUID_NAMESPACE = "mock-interview"

BASE_CSS = """
.card { font-family: system-ui, "Noto Sans CJK SC", sans-serif; font-size: 18px;
        line-height: 1.55; text-align: left; color: #1f2328; background: #fff; }
.nightMode.card, .nightMode .card { color: #e6edf3; background: #0d1117; }
.question { font-weight: 600; font-size: 1.15em; }
img { max-width: 100%; height: auto; }
pre.highlight { padding: .75em; overflow-x: auto; border-radius: 6px; font-size: .85em; }
table { border-collapse: collapse; } td, th { border: 1px solid #8884; padding: .25em .5em; }
.supplement { margin-top: 1.5em; padding-top: .5em; border-top: 1px dashed #8888; }
.supplement-label { font-size: .85em; font-weight: 600; color: #8250df; }
"""


def note_css() -> str:
    """The note type's CSS: ours, and Pygments' colours for light cards and night mode."""
    light = HtmlFormatter(style="default", classprefix="").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai", classprefix="").get_style_defs(".nightMode .highlight")
    return f"{BASE_CSS}\n{light}\n{dark}\n"


def stable_id(*parts: str) -> int:
    """An id Anki accepts (a positive 63-bit int) that is the same for the same parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return 1 << 40 | int.from_bytes(digest[:5], "big")


def note_guid(question) -> str:
    return genanki.guid_for(GUID_NAMESPACE, question.slug)


def note_model(language: str) -> genanki.Model:
    with translation.override(language):
        name = _("Mock interview question")
    return genanki.Model(
        stable_id(GUID_NAMESPACE, "model", language),
        name,
        fields=[{"name": FRONT}, {"name": BACK}, {"name": ANSWER_MD}, {"name": SUPPLEMENT_MD}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": '<div class="question">{{' + FRONT + "}}</div>",
                "afmt": '{{FrontSide}}<hr id="answer">{{' + BACK + "}}",
            }
        ],
        css=note_css(),
    )


class _Media:
    """The figures a deck's answers show, written to a temporary folder for genanki."""

    def __init__(self, folder: Path, questions):
        self.folder = folder
        self.paths: dict[str, Path] = {}
        ids = set()
        for question in questions:
            for text in (question.answer_md, question.supplement_md):
                for _alt, url in MARKDOWN_IMAGE.findall(text):
                    if match := FIGURE_PATH.search(url):
                        ids.add(match["id"])
        self.figures = {str(f.pk): f for f in Figure.objects.filter(pk__in=ids)} if ids else {}

    def file_name(self, url: str) -> str | None:
        """The media name an image shows under in Anki, its file written; None if unknown."""
        if match := FIGURE_PATH.search(url):
            figure = self.figures.get(match["id"])
            if figure is None:
                return None
            name = f"{figure.pk}{figure.extension}"
            if name not in self.paths:
                with figure.file.open("rb") as stored:
                    self._write(name, stored.read())
            return name
        seed = FIGURES.get(url.removeprefix("./"))
        found = finders.find(seed[0]) if seed else None
        if not found:
            return None
        name = Path(found).name
        if name not in self.paths:
            self._write(name, Path(found).read_bytes())
        return name

    def _write(self, name: str, data: bytes) -> None:
        path = self.folder / name
        path.write_bytes(data)
        self.paths[name] = path


def _render(markdown: str, media: _Media) -> str:
    """Markdown as the site renders it, with images pointing at the deck's media files."""
    images = {}

    def hold(match: re.Match) -> str:
        name = media.file_name(match[2])
        if name is None:
            return match[0]
        token = f"ANKIMEDIA{len(images)}X{hashlib.md5(name.encode()).hexdigest()[:8]}"
        alt = re.sub(r"\\(.)", r"\1", match[1])
        images[token] = f'<img src="{escape(name)}" alt="{escape(alt)}">'
        return token

    html = str(render_markdown(MARKDOWN_IMAGE.sub(hold, markdown)))
    for token, tag in images.items():
        html = html.replace(token, tag)
    return html


def _back(question, media: _Media, label: str) -> str:
    html = _render(question.answer_md, media)
    if question.supplement_md.strip():
        label = escape(label, quote=False)
        html += (
            f'<div class="supplement"><div class="supplement-label">{label}</div>'
            f"{_render(question.supplement_md, media)}</div>"
        )
    return html


def build_package(questions, *, deck_name: str, language: str) -> bytes:
    """An .apkg of `questions` (at most MAX_EXPORT_QUESTIONS) in one deck named `deck_name`,
    labelled in `language`."""
    if isinstance(questions, QuerySet):
        questions = questions.prefetch_related("tags")
    questions = list(questions)[:MAX_EXPORT_QUESTIONS]
    with translation.override(language):
        label = _("Editor's addition")
    model = note_model(language)
    deck = genanki.Deck(stable_id(GUID_NAMESPACE, "deck", deck_name), deck_name)
    # Rendered in the deck's language (the placeholders of missing images are worded in it).
    with tempfile.TemporaryDirectory() as folder, translation.override(language):
        media = _Media(Path(folder), questions)
        for question in questions:
            deck.add_note(
                genanki.Note(
                    model=model,
                    fields=[
                        escape(question.title, quote=False),
                        _back(question, media, label),
                        markdown_field(question.answer_md),
                        markdown_field(question.supplement_md),
                    ],
                    tags=[tag.slug for tag in question.tags.all()],
                    guid=note_guid(question),
                )
            )
        package = genanki.Package(deck, media_files=[str(p) for p in media.paths.values()])
        out = io.BytesIO()
        package.write_to_file(out, timestamp=clock.now().timestamp())
    return out.getvalue()
