"""The metadata beside a question file: tags, difficulties, times and editor additions."""

import json
from pathlib import Path

from questions.importer.parsing import ImportProblem, ParsedQuestion
from questions.keypoints import key_point_problems
from questions.limits import DEFAULT_ANSWER_MINUTES, MAX_MINUTES, MIN_MINUTES
from questions.models import Difficulty

FRONT_MATTER_FENCE = "---"


def read_metadata(path: Path, parsed: list[ParsedQuestion]) -> dict:
    """Load tags, difficulties, times and editor additions, checking them against the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportProblem([(0, f"metadata {path}: {error}")]) from error
    return check_metadata(data, parsed, where=f"metadata {path}")


def split_front_matter(text: str) -> tuple[dict | None, str]:
    """The metadata a Markdown file may carry at its top, as JSON between two `---` lines
    (JSON is YAML, so editors show it as front matter), and the rest of the file, with
    the front matter's lines left blank so line numbers stay those of the file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        return None, text
    try:
        end = next(n for n, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ImportProblem(
            [(1, "the front matter opened here is never closed by '---'")]
        ) from None
    try:
        data = json.loads("\n".join(lines[1:end]))
    except json.JSONDecodeError as error:
        raise ImportProblem([(error.lineno + 1, f"front matter: {error.msg}")]) from error
    return data, "\n" * (end + 1) + "\n".join(lines[end + 1 :])


def check_metadata(data, parsed: list[ParsedQuestion], *, where: str) -> dict:
    """The metadata, or ImportProblem listing everything wrong with it."""
    problems: list[tuple[int, str]] = []
    tags = data.get("tags", []) if isinstance(data, dict) else None
    entries = data.get("questions", {}) if isinstance(data, dict) else None
    if not isinstance(tags, list) or not isinstance(entries, dict):
        raise ImportProblem([(0, f"{where}: expected {{'tags': [...], 'questions': {{...}}}}")])
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
        minutes = meta.get("minutes", DEFAULT_ANSWER_MINUTES)
        if not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
            problem = f"minutes must be {MIN_MINUTES} to {MAX_MINUTES}"
            problems.append((0, f"metadata for {slug!r}: {problem}"))
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
