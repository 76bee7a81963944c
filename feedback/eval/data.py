"""The hand-labelled answers and what evaluation needs of the question bank.

The labelled answers are split by question: answers to one question share its key points
and are often rewrites of one another (full, paraphrased, English), so splitting answer
by answer would put near-copies on both sides. Questions are ordered by the SHA-256 of
their slug; the first half tunes thresholds, the other half is held out. Held-out
questions are then what an admin's new question is to the matcher: key points and
answers it was never tuned on.
"""

import hashlib
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from feedback.engine.matching import FUZZY_MIN_LETTERS, KeyPoint

ANSWER_KINDS = (
    "full",
    "paraphrase",
    "english",
    "partial",
    "keywords",
    "wrong_keywords",
    "negated",
    "empty",
    # The second set (answers_new.jsonl) adds these.
    "keyword_dump",
    "short_paraphrase",
    "mixed",
    "phone",
    "dictated",
)
# The labelled answers were typed with care, so typos are added to copies of them (labels
# kept: a typo does not change what an answer says) to measure what fuzzy matching is
# for. This share of the English words long enough to be matched fuzzily gets one typo.
TYPO_SHARE = 0.5
TYPO_WORD = re.compile(f"[A-Za-z]{{{FUZZY_MIN_LETTERS},}}")


@dataclass(frozen=True)
class LabelledAnswer:
    """A sample answer and, per key point of its question, whether a person found it there."""

    id: str
    question: str
    kind: str
    text: str
    found: tuple[bool, ...]


@dataclass(frozen=True)
class Bank:
    """What evaluation needs of the question bank: key points and model answers by slug."""

    key_points: dict[str, tuple[KeyPoint, ...]]
    model_answers: dict[str, str]


def load_bank(metadata_path: Path, fixture_path: Path) -> Bank:
    """Key points from the seed metadata; model answers with additions from the fixture."""
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))["questions"]
    key_points = {
        slug: tuple(KeyPoint.from_dict(point) for point in entry.get("key_points", []))
        for slug, entry in metadata.items()
    }
    fixture = json.loads(fixture_path.read_text(encoding="utf-8"))
    model_answers = {
        row["fields"]["slug"]: row["fields"]["answer_md"] + "\n\n" + row["fields"]["supplement_md"]
        for row in fixture
        if row["model"] == "questions.question"
    }
    return Bank(key_points, model_answers)


def load_answers(path: Path, bank: Bank) -> list[LabelledAnswer]:
    """Read the JSON-lines file, refusing lines that do not fit the bank."""
    answers, problems, seen = [], [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        answer = LabelledAnswer(
            id=str(row["id"]),
            question=row["question"],
            kind=row["kind"],
            text=row["text"],
            found=tuple(bool(value) for value in row["found"]),
        )
        points = bank.key_points.get(answer.question, ())
        if answer.id in seen:
            problems.append(f"line {number}: id {answer.id!r} is used twice")
        if answer.kind not in ANSWER_KINDS:
            problems.append(f"line {number}: unknown kind {answer.kind!r}")
        if not points or len(points) != len(answer.found):
            problems.append(
                f"line {number}: {len(answer.found)} labels, but {answer.question!r} "
                f"has {len(points)} key points"
            )
        seen.add(answer.id)
        answers.append(answer)
    if problems:
        raise ValueError("\n".join(problems))
    return answers


def split(answers: Iterable[LabelledAnswer]) -> tuple[list[LabelledAnswer], list[LabelledAnswer]]:
    """(tuning, held-out): the first half of the questions by SHA-256 of slug, and the rest."""
    answers = list(answers)
    questions = sorted(
        {a.question for a in answers}, key=lambda q: hashlib.sha256(q.encode()).hexdigest()
    )
    tuning_questions = set(questions[: (len(questions) + 1) // 2])
    tuning = [a for a in answers if a.question in tuning_questions]
    return tuning, [a for a in answers if a.question not in tuning_questions]


def with_typos(answer: LabelledAnswer) -> LabelledAnswer | None:
    """A copy with typos in its long English words (same labels), or None if it has none.

    Each chosen word gets one: two neighbouring letters swapped, one dropped, or one
    doubled. The choices are seeded by the answer's id, so the copies never change.
    """
    rng = random.Random(hashlib.sha256(answer.id.encode()).hexdigest())

    def misspell(word: re.Match) -> str:
        """The word, or with one typo for TYPO_SHARE of the words."""
        text = word.group()
        if rng.random() >= TYPO_SHARE:
            return text
        at = rng.randrange(1, len(text) - 2)
        return rng.choice(
            (
                text[:at] + text[at + 1] + text[at] + text[at + 2 :],
                text[:at] + text[at + 1 :],
                text[:at] + text[at] + text[at:],
            )
        )

    text = TYPO_WORD.sub(misspell, answer.text)
    return replace(answer, id=f"{answer.id}+typos", text=text) if text != answer.text else None


def typo_copies(answers: Iterable[LabelledAnswer]) -> list[LabelledAnswer]:
    """The typo copies of those answers that have long English words."""
    return [copy for copy in map(with_typos, answers) if copy is not None]


def fingerprint(bank: Bank, answers: Iterable[LabelledAnswer]) -> str:
    """A short hash of the answers, their labels and their key points, to spot stale tuning."""
    digest = hashlib.sha256()
    for answer in sorted(answers, key=lambda a: a.id):
        points = [point.as_dict() for point in bank.key_points[answer.question]]
        digest.update(json.dumps([answer.id, answer.text, answer.found, points]).encode())
    return digest.hexdigest()[:16]
