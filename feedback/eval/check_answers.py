"""Validate a labelled answers file (``answers_new.jsonl`` by default) against the seed metadata.

Checks, line by line: valid JSON, exactly the expected fields, a unique id (also unique against
``answers.jsonl``), a question that has key points in ``fixtures/seed-metadata.json``, one
boolean per key point in ``found``, a known kind, a non-empty text, and the split the id's hash
gives (see ``split_for``). Reads no matcher code: it only looks at the data.

    python -m feedback.eval.check_answers [path]

prints a summary and exits 1 with one message per problem when the file is not valid.
"""

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(__file__).resolve().parent
METADATA = ROOT / "fixtures" / "seed-metadata.json"
DEFAULT_PATH = EVAL_DIR / "answers_new.jsonl"
OLD_PATH = EVAL_DIR / "answers.jsonl"

FIELDS = {"id", "question", "kind", "text", "found", "split"}
KINDS = {
    "keyword_dump",
    "short_paraphrase",
    "mixed",
    "phone",
    "dictated",
    "wrong_keywords",
    "full",
    "partial",
    "negated",
    "english",
}
# An answer is kept untouched when the first hex digit of sha256(id) is 0-4 (5 of 16, ~31%).
UNTOUCHED_FIRST_HEX = "01234"


def split_for(answer_id: str) -> str:
    digest = hashlib.sha256(answer_id.encode("utf-8")).hexdigest()
    return "untouched" if digest[0] in UNTOUCHED_FIRST_HEX else "new"


def key_point_counts(metadata_path: Path = METADATA) -> dict[str, int]:
    questions = json.loads(metadata_path.read_text(encoding="utf-8"))["questions"]
    return {
        slug: len(meta.get("key_points") or [])
        for slug, meta in questions.items()
        if meta.get("key_points")
    }


def _old_ids(path: Path) -> set[str]:
    if not path.exists():
        return set()
    ids = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ids.add(json.loads(line)["id"])
    return ids


def check_record(record, counts: dict[str, int]) -> list[str]:
    if not isinstance(record, dict):
        return ["not a JSON object"]
    problems = []
    if set(record) != FIELDS:
        problems.append(f"fields {sorted(record)} != {sorted(FIELDS)}")
        return problems
    question = record["question"]
    if question not in counts:
        problems.append(f"question {question!r} has no key points")
    found = record["found"]
    if not isinstance(found, list) or not all(isinstance(f, bool) for f in found):
        problems.append("found is not a list of booleans")
    elif question in counts and len(found) != counts[question]:
        problems.append(f"found has {len(found)} labels, {question} has {counts[question]} points")
    if record["kind"] not in KINDS:
        problems.append(f"unknown kind {record['kind']!r}")
    if not isinstance(record["text"], str) or not record["text"].strip():
        problems.append("empty text")
    if not isinstance(record["id"], str) or not record["id"].startswith(f"n-{question}-"):
        problems.append("id must start with n-<question>-")
    elif record["split"] != split_for(record["id"]):
        problems.append(f"split {record['split']!r} != {split_for(record['id'])!r}")
    if record["kind"] == "keyword_dump" and isinstance(found, list) and any(found):
        problems.append("a keyword_dump states nothing: every label must be false")
    return problems


def check_file(path: Path = DEFAULT_PATH, metadata_path: Path = METADATA) -> tuple[list, list]:
    """Return (records, problems); problems are "line N: message" strings."""
    counts = key_point_counts(metadata_path)
    taken = _old_ids(OLD_PATH) if path != OLD_PATH else set()
    seen: set[str] = set()
    records, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            problems.append(f"line {number}: blank line")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: invalid JSON ({exc})")
            continue
        problems.extend(f"line {number}: {p}" for p in check_record(record, counts))
        answer_id = record.get("id") if isinstance(record, dict) else None
        if answer_id in seen or answer_id in taken:
            problems.append(f"line {number}: duplicate id {answer_id!r}")
        seen.add(answer_id)
        records.append(record)
    return records, problems


def summary(records: list) -> str:
    kinds = Counter((r.get("kind"), r.get("split")) for r in records)
    questions = {r.get("question") for r in records}
    lines = [f"{len(records)} answers over {len(questions)} questions"]
    for kind in sorted({k for k, _ in kinds}):
        new, untouched = kinds[(kind, "new")], kinds[(kind, "untouched")]
        lines.append(f"  {kind:18} {new + untouched:3}  (new {new}, untouched {untouched})")
    splits = Counter(r.get("split") for r in records)
    lines.append(f"  split: new {splits['new']}, untouched {splits['untouched']}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_PATH
    records, problems = check_file(path)
    print(summary(records))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
