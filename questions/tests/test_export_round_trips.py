"""Exports that read back: a bank with figures travels as a Markdown ZIP and comes back
with the same images; spreadsheet cells never run as formulas and still round-trip."""

import io
import json
import zipfile

import pytest
from django.utils import translation

from accounts.tests.factories import UserFactory
from questions.exporting import bank_as_markdown_file
from questions.figures import Figure
from questions.figures_store import figure_from_bytes
from questions.importer.uploads import run_import
from questions.markdown import render_markdown_uncached
from questions.models import KeyPoint, Question, Source, Tag
from questions.tests import factories as images
from questions.tests.factories import QuestionFactory, TagFactory
from testsupport import english_client

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/questions/question/"
# Text that a spreadsheet would run as a formula, or that looks quoted already.
RISKY = ['=HYPERLINK("http://e.com","x")', "- a list item", "+1", "@SUM(A1)", "'quoted"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield tmp_path


@pytest.fixture
def staff():
    client = english_client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def bank_with_figures():
    plot = figure_from_bytes(images.png(8, 6, seed=1), name="plot.png", alt="A plot")
    photo = figure_from_bytes(images.jpeg(), name="photo.jpg")
    topic = TagFactory(slug="attention", name_zh="注意力", name_en="Attention")
    first = QuestionFactory(
        slug="attention-plot",
        number=1,
        title="注意力图 What does the plot show?",
        answer_md=(
            f"看图 (see the figure):\n\n![注意力权重]({plot.markdown_url})\n\n"
            "```python\nprint('不是图片 ![x](y.png)')\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |"
        ),
        supplement_md=f'**编辑补充**\n\n![photo]({photo.markdown_url} "a title")',
        difficulty=3,
        answer_minutes=5,
        tags=[topic],
    )
    KeyPoint.objects.create(
        question=first, position=1, label_zh="权重", label_en="Weights", aliases=[["权重"]]
    )
    QuestionFactory(slug="plain", number=2, title="No figure", answer_md="Just text.")
    QuestionFactory(
        slug="again", number=3, title="The plot again", answer_md=f"![]({plot.markdown_url})"
    )


def shown(question_text: str) -> str:
    """Rendered HTML with each figure's address replaced by its content's sha256."""
    html = str(render_markdown_uncached(question_text))
    for figure in Figure.objects.all():
        html = html.replace(figure.markdown_url, f"figure:{figure.sha256}")
    return html


def snapshot() -> list[tuple]:
    return [
        (
            q.slug,
            q.number,
            q.title,
            shown(q.answer_md),
            shown(q.supplement_md),
            q.difficulty,
            q.answer_minutes,
            sorted(t.slug for t in q.tags.all()),
            [p.as_data() for p in q.key_points.all()],
        )
        for q in Question.objects.order_by("slug").prefetch_related("tags", "key_points")
    ]


def figure_rows() -> list[tuple]:
    return sorted((f.sha256, f.content_type, f.size, f.name, f.alt) for f in Figure.objects.all())


def empty_bank():
    for figure in Figure.objects.all():
        figure.file.delete(save=False)
    KeyPoint.objects.all().delete()
    Question.objects.all().delete()
    Source.objects.all().delete()
    Tag.objects.all().delete()
    Figure.objects.all().delete()


def test_a_bank_with_figures_exports_as_a_zip_and_imports_back_the_same(media):
    bank_with_figures()
    before = snapshot()
    figures_before = figure_rows()
    assert any("figure:" in row[3] for row in before)

    raw, extension = bank_as_markdown_file(Question.objects.all())
    assert extension == "zip"
    names = sorted(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    assert names[:2] == ["bank.md", "figures.json"] and len(names) == 4
    assert all(name.startswith("figures/") for name in names[2:])
    empty_bank()
    assert not list((media / "figures").iterdir())

    report = run_import(
        raw, fmt="zip", key="markdown:questions.zip", name="questions.zip", dry_run=False
    )

    assert len(report.created) == 3
    assert snapshot() == before
    figures_after = figure_rows()
    assert figures_after == figures_before
    for figure in Figure.objects.all():  # the same bytes, stored under the new figures
        assert (
            figure.file.read()
            == {
                "image/png": images.png(8, 6, seed=1),
                "image/jpeg": images.jpeg(),
            }[figure.content_type]
        )
        assert figure.origin.key == "markdown:questions.zip"
    # Importing the same ZIP again changes nothing and stores no second copy.
    again = run_import(
        raw, fmt="zip", key="markdown:questions.zip", name="questions.zip", dry_run=False
    )
    assert sorted(again.unchanged) == ["again", "attention-plot", "plain"]
    assert Figure.objects.count() == 2


def test_the_markdown_export_action_is_a_zip_only_when_figures_are_shown(staff):
    bank_with_figures()
    plain = Question.objects.filter(slug="plain").values_list("pk", flat=True)
    response = staff.post(CHANGELIST, {"action": "export_markdown", "_selected_action": plain})
    assert response["Content-Disposition"] == 'attachment; filename="questions.md"'
    assert response.content.decode().count("\n# ") == 1

    everything = Question.objects.values_list("pk", flat=True)
    response = staff.post(CHANGELIST, {"action": "export_markdown", "_selected_action": everything})
    assert response["Content-Disposition"] == 'attachment; filename="questions.zip"'
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    markdown = archive.read("bank.md").decode()
    plot = Figure.objects.get(name="plot.png")
    assert f"![注意力权重](figures/{plot.pk}.png)" in markdown
    assert "/figures/" not in markdown
    assert archive.read(f"figures/{plot.pk}.png") == plot.file.read()
    assert "print('不是图片 ![x](y.png)')" in markdown  # code is left alone


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheet_cells_never_run_as_formulas_and_still_round_trip(staff, fmt):
    for number, text in enumerate(RISKY, start=1):
        QuestionFactory(slug=f"risky-{number}", number=number, title=text, answer_md=text)
    before = [(q.slug, q.title, q.answer_md) for q in Question.objects.order_by("slug")]
    chosen = Question.objects.values_list("pk", flat=True)
    response = staff.post(CHANGELIST, {"action": f"export_{fmt}", "_selected_action": chosen})

    titles = exported_titles(response.content, fmt)
    assert titles == ["'" + text for text in RISKY]
    empty_bank()
    run_import(response.content, fmt=fmt, key="table:t", name="t", dry_run=False)
    assert [(q.slug, q.title, q.answer_md) for q in Question.objects.order_by("slug")] == before


def exported_titles(content: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        import csv

        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        return [row["title"] for row in rows]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("title")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)  # text, not a formula
    return [cell.value for cell in cells]


def test_json_export_is_left_as_written(staff):
    QuestionFactory(slug="risky", title="=1+1", answer_md="- item")
    chosen = Question.objects.values_list("pk", flat=True)
    response = staff.post(CHANGELIST, {"action": "export_json", "_selected_action": chosen})
    assert json.loads(response.content)[0]["title"] == "=1+1"
