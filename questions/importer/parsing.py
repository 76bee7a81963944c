"""Reading a Markdown question file in the seed's format.

Format: one `# NN. title` heading per question; the answer runs until the next such
heading. Lines inside fenced code blocks are code, and `##` (or deeper) headings belong
to the answer. Parsing collects every problem with its line number before anything is
written, so a malformed file imports nothing.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from questions.limits import IMPORT_MAX_BYTES

MAX_FILE_BYTES = IMPORT_MAX_BYTES
MAX_TITLE_CHARS = 300

FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
LEVEL_ONE_HEADING = re.compile(r"^ {0,3}#(?:[ \t]+(?P<text>.*?))?[ \t]*$")
NUMBERED_TITLE = re.compile(r"^(?P<number>\d{1,4})\.[ \t]*(?P<title>.*?)(?:[ \t]+#+)?$")
# A link whose destination was broken across a line: "[text](https://...\n)".
DANGLING_LINK_START = re.compile(r"\]\([^()\s]+\s*$")
DANGLING_LINK_END = re.compile(r"^\s*\)")


class ImportProblem(Exception):
    """The file cannot be imported; `problems` lists (line number, message) pairs."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("; ".join(f"line {line}: {message}" for line, message in problems))


@dataclass
class ParsedQuestion:
    number: int
    title: str
    answer_md: str
    line: int
    slug: str = ""


def read_question_file(path: Path) -> str:
    """Read the file as UTF-8 text, refusing what is clearly not a question file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportProblem([(0, f"cannot read {path}: {error.strerror}")]) from error
    if size > MAX_FILE_BYTES:
        raise ImportProblem([(0, too_big(size))])
    return decode_question_text(path.read_bytes())


def too_big(size: int) -> str:
    return _("The file is %(size)s; the limit is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(MAX_FILE_BYTES),
    }


def decode_question_text(raw: bytes) -> str:
    """The bytes of a Markdown file as text with plain newlines, or ImportProblem saying
    what the file looks like instead."""
    if len(raw) > MAX_FILE_BYTES:
        raise ImportProblem([(0, too_big(len(raw)))])
    if raw.startswith(b"PK\x03\x04"):
        raise ImportProblem(
            [
                (
                    0,
                    _(
                        "This is a ZIP archive (an XLSX workbook or an Anki deck?), "
                        "not a Markdown text file."
                    ),
                )
            ]
        )
    if b"\x00" in raw:
        raise ImportProblem([(0, "file contains NUL bytes; it is not a text file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportProblem([(line, not_utf8(raw))]) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def not_utf8(raw: bytes) -> str:
    """Why the bytes are not text we read, naming the encoding they seem to be in."""
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return _("The file is not valid UTF-8 text; save it as UTF-8 and upload it again.")
    return _(
        "The file is not valid UTF-8 text: it looks like Chinese text in GBK (GB18030). "
        "Save it as UTF-8 and upload it again."
    )


def describe_stray_text(line: str) -> str:
    """The message for text before the first question heading, saying what the file looks
    like when it is clearly something else (a table, JSON)."""
    stripped = line.strip()
    expected = _("expected Markdown with one '# NN. title' heading per question")
    if stripped.startswith(("{", "[")):
        return _(
            "This looks like JSON (“%(start)s…”); %(expected)s. "
            "Import JSON on the tabular import page."
        ) % {"start": stripped[:40], "expected": expected}
    if stripped.count(",") >= 2 or stripped.count("\t") >= 2 or stripped.count(";") >= 2:
        return _(
            "This looks like a table (first line “%(start)s”); %(expected)s. "
            "Import CSV on the tabular import page."
        ) % {"start": stripped[:60], "expected": expected}
    return _("Text before the first '# NN. title' heading: %(expected)s.") % {"expected": expected}


def _join_broken_links(lines: list[str]) -> list[str]:
    """Re-join a link destination that the source broke across two lines."""
    joined: list[str] = []
    for line in lines:
        if joined and DANGLING_LINK_END.match(line) and DANGLING_LINK_START.search(joined[-1]):
            joined[-1] = joined[-1].rstrip() + line.lstrip()
        else:
            joined.append(line)
    return joined


def _finish(question: ParsedQuestion, body: list[str], prose: list[bool]) -> None:
    """Store the answer: broken links mended outside code, blank edges trimmed."""
    lines: list[str] = []
    run: list[str] = []  # consecutive prose lines, where a link may have been broken
    for line, is_prose in zip(body, prose, strict=True):
        if is_prose:
            run.append(line)
            continue
        lines.extend(_join_broken_links(run))
        run = []
        lines.append(line)
    lines.extend(_join_broken_links(run))
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    question.answer_md = "\n".join(lines)


def parse_questions(text: str) -> list[ParsedQuestion]:
    """Split a seed-format file into questions, or raise ImportProblem listing every fault."""
    problems: list[tuple[int, str]] = []
    questions: list[ParsedQuestion] = []
    body: list[str] = []
    prose: list[bool] = []
    fence: str | None = None
    fence_line = 0

    for number, line in enumerate(text.split("\n"), start=1):
        if fence is not None:
            body.append(line)
            prose.append(False)
            stripped = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            closes = indent <= 3 and set(stripped) == {fence[0]} and len(stripped) >= len(fence)
            if closes:
                fence = None
            continue
        opening = FENCE_OPEN.match(line)
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            fence, fence_line = opening["fence"], number
            body.append(line)
            prose.append(False)
            continue
        heading = LEVEL_ONE_HEADING.match(line)
        if heading:
            if questions:
                _finish(questions[-1], body, prose)
            body, prose = [], []
            numbered = NUMBERED_TITLE.match((heading["text"] or "").strip())
            if not numbered:
                problems.append((number, "a question heading must look like '# NN. title'"))
                questions.append(ParsedQuestion(0, "", "", number))
                continue
            title = numbered["title"].strip()
            if not title:
                problems.append((number, "the question has a number but no title"))
            elif len(title) > MAX_TITLE_CHARS:
                problems.append((number, f"the title is longer than {MAX_TITLE_CHARS} characters"))
            questions.append(ParsedQuestion(int(numbered["number"]), title, "", number))
            continue
        if not questions:
            # One message says it; every stray line would repeat it.
            if line.strip() and not problems:
                problems.append((number, describe_stray_text(line)))
            continue
        body.append(line)
        prose.append(True)

    if fence is not None:
        problems.append((fence_line, "a fenced code block opened here is never closed"))
    if questions:
        _finish(questions[-1], body, prose)
    elif not problems:
        problems.append((1, _("The file holds no questions: no '# NN. title' headings found.")))
    if problems:
        raise ImportProblem(problems)

    seen: dict[int, int] = {}
    for question in questions:
        seen[question.number] = seen.get(question.number, 0) + 1
        suffix = "" if seen[question.number] == 1 else f"-{seen[question.number]}"
        question.slug = f"q{question.number:02d}{suffix}"
    return questions
