"""A basket as a paper (组卷): its questions as seed-style Markdown, and a file name for it."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from questions.models import Question


def paper_markdown(questions: list[Question], *, answers: bool) -> str:
    """The questions in the seed's format (`# NN. title`, the answer below it), numbered
    in the basket's order; without answers, the headings alone. The importer reads it back."""
    width = max(2, len(str(len(questions))))
    parts = []
    for number, question in enumerate(questions, start=1):
        heading = f"# {number:0{width}d}. {_one_line(question.title)}"
        if not answers:
            parts.append(heading)
            continue
        body = [heading, "", question.answer_md.strip()]
        if question.supplement_md.strip():
            body += ["", f"## {_('Editor’s addition')}", "", question.supplement_md.strip()]
        parts.append("\n".join(body))
    separator = "\n\n\n" if answers else "\n\n"
    return separator.join(parts) + "\n"


def _one_line(title: str) -> str:
    return " ".join(title.split())


def paper_filename(name: str, extension: str) -> str:
    """`basket-<name>.<extension>`, readable in any language (Chinese names kept)."""
    stem = slugify(name, allow_unicode=True) or "questions"
    return f"basket-{stem}.{extension}"
