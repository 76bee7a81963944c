"""Read a Markdown question file in the seed's format and bring the bank in line with it.

Format: one `# NN. title` heading per question; the answer runs until the next such
heading. Lines inside fenced code blocks are code, and `##` (or deeper) headings belong
to the answer. Parsing collects every problem with its line number before anything is
written, and the import runs in one transaction, so a malformed file imports nothing.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from questions.keypoints import clean_key_point, key_point_problems
from questions.models import Difficulty, KeyPoint, Question, Tag

MAX_FILE_BYTES = 5 * 1024 * 1024
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


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_question_file(path: Path) -> str:
    """Read the file as UTF-8 text, refusing what is clearly not a question file."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportProblem([(0, f"cannot read {path}: {error.strerror}")]) from error
    if size > MAX_FILE_BYTES:
        raise ImportProblem([(0, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")])
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise ImportProblem([(0, "file contains NUL bytes; it is not a text file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportProblem([(line, "file is not valid UTF-8 text")]) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
            if line.strip():
                problems.append((number, "text before the first '# NN. title' heading"))
            continue
        body.append(line)
        prose.append(True)

    if fence is not None:
        problems.append((fence_line, "a fenced code block opened here is never closed"))
    if questions:
        _finish(questions[-1], body, prose)
    elif not problems:
        problems.append((1, "no '# NN. title' headings found; nothing to import"))
    if problems:
        raise ImportProblem(problems)

    seen: dict[int, int] = {}
    for question in questions:
        seen[question.number] = seen.get(question.number, 0) + 1
        suffix = "" if seen[question.number] == 1 else f"-{seen[question.number]}"
        question.slug = f"q{question.number:02d}{suffix}"
    return questions


def read_metadata(path: Path, parsed: list[ParsedQuestion]) -> dict:
    """Load tags, difficulties, times and editor additions, checking them against the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem([(0, f"metadata {path}: {error}")]) from error
    problems: list[tuple[int, str]] = []
    tags = data.get("tags", []) if isinstance(data, dict) else None
    entries = data.get("questions", {}) if isinstance(data, dict) else None
    if not isinstance(tags, list) or not isinstance(entries, dict):
        raise ImportProblem(
            [(0, f"metadata {path}: expected {{'tags': [...], 'questions': {{...}}}}")]
        )
    for tag in tags:
        if not isinstance(tag, dict) or not all(
            isinstance(tag.get(key), str) and tag.get(key) for key in ("slug", "name_zh", "name_en")
        ):
            problems.append((0, f"metadata tag {tag!r} needs slug, name_zh and name_en"))
    tag_slugs = {tag.get("slug") for tag in tags if isinstance(tag, dict)}
    known = {question.slug for question in parsed}
    for slug, meta in entries.items():
        if not isinstance(meta, dict):
            problems.append((0, f"metadata for {slug!r} must be an object"))
            continue
        if slug not in known:
            problems.append((0, f"metadata names {slug!r}, which is not in the file"))
            continue
        for tag in meta.get("tags", []):
            if tag not in tag_slugs:
                problems.append((0, f"metadata for {slug!r} uses unknown tag {tag!r}"))
        if meta.get("difficulty", Difficulty.MEDIUM) not in Difficulty.values:
            problems.append((0, f"metadata for {slug!r}: difficulty must be 1, 2 or 3"))
        minutes = meta.get("minutes", 3)
        if not isinstance(minutes, int) or not 1 <= minutes <= 30:
            problems.append((0, f"metadata for {slug!r}: minutes must be 1 to 30"))
        problems.extend((0, problem) for problem in _related_problems(slug, meta, known))
        points = meta.get("key_points", [])
        if not isinstance(points, list):
            problems.append((0, f"metadata for {slug!r}: key_points must be a list"))
            continue
        for number, point in enumerate(points, start=1):
            for problem in key_point_problems(point):
                problems.append((0, f"metadata for {slug!r}, key point {number}: {problem}"))
    if problems:
        raise ImportProblem(problems)
    return data


def _related_problems(slug: str, meta: dict, known: set[str]) -> list[str]:
    """What is wrong with a question's "related" list: it names other questions of the file."""
    related = meta.get("related", [])
    if not isinstance(related, list) or not all(isinstance(other, str) for other in related):
        return [f"metadata for {slug!r}: related must be a list of question slugs"]
    problems = []
    for other in related:
        if other == slug:
            problems.append(f"metadata for {slug!r}: a question cannot be related to itself")
        elif other not in known:
            problems.append(f"metadata for {slug!r}: related names {other!r}, not in the file")
    return problems


def related_pairs(question_meta: dict) -> dict[str, set[str]]:
    """Each question's related questions, both ways: listing q32 under q09-2 relates both."""
    related: dict[str, set[str]] = {}
    for slug, meta in question_meta.items():
        for other in meta.get("related", []):
            related.setdefault(slug, set()).add(other)
            related.setdefault(other, set()).add(slug)
    return related


def import_questions(
    parsed: list[ParsedQuestion], *, source: str, metadata: dict | None = None, dry_run: bool
) -> ImportReport:
    """Create or update questions by slug; identical ones are left untouched."""
    report = ImportReport()
    metadata = metadata or {}
    question_meta = metadata.get("questions", {})
    with transaction.atomic():
        tags = {}
        for tag_data in metadata.get("tags", []):
            tag, _created = Tag.objects.update_or_create(
                slug=tag_data["slug"],
                defaults={"name_zh": tag_data["name_zh"], "name_en": tag_data["name_en"]},
            )
            tags[tag.slug] = tag
        existing = {
            question.slug: question
            for question in Question.objects.filter(
                slug__in=[p.slug for p in parsed]
            ).prefetch_related("tags")
        }
        for item in parsed:
            meta = question_meta.get(item.slug)
            if not item.answer_md and not (meta and meta.get("supplement")):
                report.warnings.append(f"line {item.line}: {item.slug} has no answer text")
            values = {"number": item.number, "title": item.title, "answer_md": item.answer_md}
            wanted_tags = None
            if meta is not None:
                values |= {
                    "difficulty": meta.get("difficulty", Difficulty.MEDIUM),
                    "answer_minutes": meta.get("minutes", 3),
                    "supplement_md": meta.get("supplement", ""),
                }
                wanted_tags = [tags[slug] for slug in meta.get("tags", [])]
            wanted_points = None
            if meta is not None and "key_points" in meta:
                wanted_points = [clean_key_point(point) for point in meta["key_points"]]
            question = existing.get(item.slug)
            if question is None:
                question = Question.objects.create(slug=item.slug, source=source, **values)
                if wanted_tags:
                    question.tags.set(wanted_tags)
                if wanted_points:
                    _replace_key_points(question, wanted_points)
                report.created.append(item.slug)
                continue
            changed = {key for key, value in values.items() if getattr(question, key) != value}
            if changed:
                for key in changed:
                    setattr(question, key, values[key])
                question.save()
            current = {tag.slug for tag in question.tags.all()}
            if wanted_tags is not None and {tag.slug for tag in wanted_tags} != current:
                question.tags.set(wanted_tags)
                changed.add("tags")
            if wanted_points is not None and wanted_points != question.key_points.as_data():
                _replace_key_points(question, wanted_points)
                changed.add("key_points")
            (report.updated if changed else report.unchanged).append(item.slug)
        if question_meta:
            _set_related(parsed, related_pairs(question_meta), report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _set_related(parsed: list[ParsedQuestion], wanted: dict[str, set[str]], report) -> None:
    """Relate the file's questions exactly as the metadata says (the relation is symmetric,
    so setting one side sets the other)."""
    questions = {
        question.slug: question
        for question in Question.objects.filter(
            slug__in=[item.slug for item in parsed]
        ).prefetch_related("related")
    }
    for slug, question in questions.items():
        current = {other.slug for other in question.related.all() if other.slug in questions}
        if current == wanted.get(slug, set()):
            continue
        keep = [other for other in question.related.all() if other.slug not in questions]
        question.related.set(keep + [questions[other] for other in wanted.get(slug, set())])
        if slug in report.unchanged:
            report.unchanged.remove(slug)
            report.updated.append(slug)


def _replace_key_points(question: Question, points: list[dict]) -> None:
    """The question's key points become exactly `points`, in their order."""
    question.key_points.all().delete()
    KeyPoint.objects.bulk_create(
        KeyPoint(question=question, position=position, **point)
        for position, point in enumerate(points, start=1)
    )
