"""Writing the bank out: as seed-style Markdown that the Markdown importer reads back (a
ZIP of `bank.md` and `figures/` when the questions show figures), and as tables (CSV, XLSX,
JSON) through questions.resources, which carry figure references only."""

import io
import json
import zipfile
from collections.abc import Callable

from questions.figures import Figure
from questions.figures_import import rewrite_images
from questions.importer.metadata import FRONT_MATTER_FENCE
from questions.markdown_images import FIGURE_PATH
from questions.resources import QuestionResource, spreadsheet_safe

MARKDOWN_NAME = "bank.md"
FIGURES_FOLDER = "figures"
# Beside them, each figure's original name and description (questions.importer.images).
FIGURES_MANIFEST = "figures.json"


def file_keys(questions) -> list[str]:
    """The key the importer gives each question of a file, in order: `q01`, and `q09-2`
    for the second question numbered 9 (the same rule as parse_questions)."""
    seen: dict[int, int] = {}
    keys = []
    for question in questions:
        seen[question.number] = seen.get(question.number, 0) + 1
        suffix = "" if seen[question.number] == 1 else f"-{seen[question.number]}"
        keys.append(f"q{question.number:02d}{suffix}")
    return keys


def bank_as_markdown(queryset, *, images: Callable[[str], str] | None = None) -> str:
    """The questions as one seed-style file: the metadata (slugs, topics, difficulty, time,
    editor's additions, key points, related questions) as JSON front matter, then one
    `# NN. title` heading and model answer per question. `images` may rewrite the texts'
    image references (to the figures beside the file in a ZIP)."""
    text = images or (lambda markdown: markdown)
    questions = list(
        queryset.order_by("number", "slug").prefetch_related("tags", "key_points", "related")
    )
    keys = file_keys(questions)
    key_of = {question.pk: key for question, key in zip(questions, keys, strict=True)}
    tags = {}
    entries = {}
    for question, key in zip(questions, keys, strict=True):
        for tag in question.tags.all():
            tags[tag.slug] = {"slug": tag.slug, "name_zh": tag.name_zh, "name_en": tag.name_en}
        entries[key] = {
            "slug": question.slug,
            "tags": sorted(tag.slug for tag in question.tags.all()),
            "difficulty": question.difficulty,
            "minutes": question.answer_minutes,
            "supplement": text(question.supplement_md),
            "key_points": [point.as_data() for point in question.key_points.all()],
            "related": sorted(key_of[o.pk] for o in question.related.all() if o.pk in key_of),
        }
    front = {"tags": sorted(tags.values(), key=lambda tag: tag["slug"]), "questions": entries}
    parts = [
        FRONT_MATTER_FENCE,
        json.dumps(front, ensure_ascii=False, indent=1),
        FRONT_MATTER_FENCE,
    ]
    for question in questions:
        parts += ["", f"# {question.number:02d}. {question.title}", "", text(question.answer_md)]
    return "\n".join(parts).rstrip("\n") + "\n"


def _figure_id(src: str) -> str | None:
    match = FIGURE_PATH.fullmatch(src)
    return match["id"] if match else None


def shown_figures(queryset) -> list[Figure]:
    """The figures the questions' answers and editor's additions show as images."""
    ids = set()
    for answer, supplement in queryset.values_list("answer_md", "supplement_md"):
        for markdown in (answer, supplement):
            rewrite_images(markdown, lambda _alt, src: ids.add(_figure_id(src)))
    ids.discard(None)
    return list(Figure.objects.filter(pk__in=ids).order_by("pk")) if ids else []


def bank_as_markdown_file(queryset) -> tuple[bytes, str]:
    """The questions as seed-style Markdown, and its extension: a plain `.md`, or, when they
    show figures, a `.zip` of `bank.md` with the figures' files under `figures/` (the
    references made relative), which the admin's import reads back."""
    paths, files, manifest = {}, {}, {}
    for figure in shown_figures(queryset):
        path = f"{FIGURES_FOLDER}/{figure.pk}{figure.extension}"
        try:
            with figure.file.open("rb") as stored:
                files[path] = stored.read()
        except OSError:  # the file is gone: the reference stays as it is
            continue
        paths[str(figure.pk)] = path
        manifest[path] = {"name": figure.name, "alt": figure.alt}
    if not paths:
        return bank_as_markdown(queryset).encode(), "md"
    markdown = bank_as_markdown(
        queryset,
        images=lambda text: rewrite_images(text, lambda _alt, src: paths.get(_figure_id(src))),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MARKDOWN_NAME, markdown)
        archive.writestr(FIGURES_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for path, data in files.items():
            archive.writestr(path, data)
    return buffer.getvalue(), "zip"


def bank_as_dataset(queryset, *, spreadsheet: bool = False):
    """The questions as a tablib Dataset with the table columns; for a spreadsheet (CSV,
    XLSX), text a spreadsheet would run as a formula is quoted (resources.spreadsheet_safe)."""
    resource = QuestionResource()
    dataset = resource.export(
        queryset=resource.export_queryset(queryset.order_by("number", "slug"))
    )
    return spreadsheet_safe(dataset) if spreadsheet else dataset
