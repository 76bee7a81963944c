"""The load test's verdict: answers compared with what was sent, and latency per request kind.

Plain functions over the record bench/locustfile.py writes; the database is reached only
through the `stored` function the caller passes, so tests can feed them rows of their own.
"""

import math
from collections.abc import Callable

# The kinds of request a candidate makes, in the order they come; see bench/locustfile.py.
KINDS = [
    "sign-in page",
    "sign-in",
    "start page",
    "start",
    "first question (redirect)",
    "question page",
    "autosave",
    "submit",
    "rate",
    "review",
    "static file",
]
SUBMITTED = "submitted"
PENDING = ("draft_pending", "submit_pending", "rating_pending")


def accepted(confirmed, pending) -> set:
    """What the database may hold: the last value the server confirmed, or a later one
    whose response never came (the run ended while it was on its way)."""
    return {confirmed} | ({pending} if pending is not None else set())


def short(value) -> str:
    """A sent text by its stamp (candidate, question, revision) rather than in full."""
    text = repr(value)
    return text if len(text) <= 70 else text[:67] + "…"


def check_answers(candidates: list[dict], stored: Callable[[dict], dict]) -> tuple[list, int, int]:
    """Compare every answer with what its candidate sent last; `stored(candidate)` gives the
    database's answers of the candidate's interview by position (objects with `status`,
    `submitted_text`, `draft_text` and `rating`). Returns (lost, checked, unsure)."""
    lost, checked, unsure = [], 0, 0
    for candidate in candidates:
        if candidate["interview"] is None:
            continue
        rows = stored(candidate)
        for position, sent in candidate["answers"].items():
            checked += 1
            where = f"{candidate['email']} interview {candidate['interview']} question {position}"
            row = rows.get(int(position))
            if row is None:
                lost.append(f"{where}: no such answer in the database")
                continue
            unsure += any(sent.get(key) is not None for key in PENDING)
            submitted = accepted(sent.get("submitted"), sent.get("submit_pending")) - {None}
            if row.status == SUBMITTED and row.submitted_text in submitted:
                pass
            elif sent.get("submitted") is not None:
                lost.append(
                    f"{where}: submitted {short(sent['submitted'])}, "
                    f"stored {row.status} {short(row.submitted_text)}"
                )
            elif row.draft_text not in accepted(sent["draft"], sent["draft_pending"]):
                lost.append(
                    f"{where}: saved draft {short(sent['draft'])}, stored {short(row.draft_text)}"
                )
            if row.rating not in accepted(sent.get("rating"), sent.get("rating_pending")):
                lost.append(f"{where}: rated {sent.get('rating')}, stored {row.rating}")
    return lost, checked, unsure


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value at or above `fraction` of the sample."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_table(requests: list[list]) -> list[str]:
    """Markdown rows per request kind; `requests` holds [kind, start, ms, status, error]."""
    lines = [
        "| request | count | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    by_kind: dict[str, list] = {}
    for row in requests:
        by_kind.setdefault(row[0], []).append(row)
    kinds = KINDS + sorted(set(by_kind) - set(KINDS))
    for kind, rows in [*((kind, by_kind.get(kind, [])) for kind in kinds), ("all", requests)]:
        if not rows:
            continue
        times = sorted(row[2] for row in rows)
        errors = sum(1 for row in rows if row[4])
        figures = " | ".join(f"{percentile(times, f):.0f}" for f in (0.5, 0.95, 0.99))
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {name} | {len(rows)} | {errors} | {figures} | {times[-1]:.0f} |")
    return lines


def sent_after(requests: list[list], moment: float) -> list[list]:
    """The requests started at or after `moment` (seconds since 1970, as recorded)."""
    return [row for row in requests if row[1] >= moment]


def rate(requests: list[list], since: float | None = None) -> tuple[int, float]:
    """Requests started at or after `since`, and the seconds from then until the last ended."""
    chosen = requests if since is None else sent_after(requests, since)
    if not chosen:
        return 0, 0.0
    start = since if since is not None else min(row[1] for row in chosen)
    end = max(row[1] + row[2] / 1000 for row in chosen)
    return len(chosen), end - start
