"""How long match_key_points takes on a long answer (`manage.py bench_feedback`).

The answer is 20,000 characters of the bank's own model answers (Chinese with English
terms) interleaved with the key points' English labels. It is matched against the 10 key
points of the bank with the most aliases (the most work a list could ask for) and against
the first 10 (a usual list).
"""

import os
import statistics
import time
from collections.abc import Callable

from feedback.engine.matching import KeyPoint, match_key_points
from feedback.engine.suggest import markdown_text
from feedback.eval.data import Bank
from interview.limits import ANSWER_MAX_CHARS

# The longest answer the site accepts: the slowest check a submit can ask for.
ANSWER_CHARS = ANSWER_MAX_CHARS
POINT_COUNT = 10
WARM_UP_RUNS = 50
TIMED_RUNS = 1_000


def _percentile(sorted_values: list[float], share: float) -> float:
    """The value below which `share` of the sorted values lie (nearest rank)."""
    return sorted_values[min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))]


def bank_points(bank: Bank) -> list[KeyPoint]:
    """Every key point of the bank, question by question in slug order."""
    return [point for slug in sorted(bank.key_points) for point in bank.key_points[slug]]


def write_bench(write: Callable[[str], None], *, bank: Bank, runs: int) -> None:
    """Time both lists of key points on the mixed answer and write one table row for each."""
    points = bank_points(bank)
    text = _mixed_answer(bank, points)
    heaviest = sorted(points, key=lambda point: -sum(len(group) for group in point.groups))
    lists = [
        ("the 10 key points with the most aliases", tuple(heaviest[:POINT_COUNT])),
        ("the first 10 key points of the bank", tuple(points[:POINT_COUNT])),
    ]
    write(
        f"match_key_points on a {len(text):,}-character answer, {runs:,} runs "
        f"after {WARM_UP_RUNS} warm-up runs (load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs).\n"
    )
    write("| key points | aliases | found | median ms | p95 ms | median CPU ms | first call ms |")
    write("|---|---:|---:|---:|---:|---:|---:|")
    for name, chosen in lists:
        started = time.perf_counter()
        matches = match_key_points(text, chosen)
        first = time.perf_counter() - started
        timings, cpu_times = _time(text, chosen, runs)
        aliases = sum(len(group) for point in chosen for group in point.groups)
        write(
            f"| {name} | {aliases} | {sum(m.found for m in matches)} "
            f"| {statistics.median(timings) * 1000:.2f} "
            f"| {_percentile(timings, 0.95) * 1000:.2f} "
            f"| {statistics.median(cpu_times) * 1000:.2f} | {first * 1000:.1f} |"
        )


def _mixed_answer(bank, points) -> str:
    """The bank's model answers as plain text, each followed by an English key-point label."""
    chinese = [markdown_text(bank.model_answers[slug]) for slug in sorted(bank.model_answers)]
    english = [point.label_en + "." for point in points]
    pieces = [piece for pair in zip(chinese, english, strict=False) for piece in pair]
    text = ""
    while len(text) < ANSWER_CHARS:
        text += " ".join(pieces) + " "
    return text[:ANSWER_CHARS]


def _time(text: str, points: tuple, runs: int) -> tuple[list[float], list[float]]:
    """Sorted wall-clock and CPU durations of `runs` calls, after warming up.

    CPU time leaves out the moments another process had the CPU, which wall-clock time
    on a busy machine does not.
    """
    for _ in range(WARM_UP_RUNS):
        match_key_points(text, points)
    timings, cpu_times = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.thread_time()
        match_key_points(text, points)
        cpu_times.append(time.thread_time() - cpu_started)
        timings.append(time.perf_counter() - started)
    return sorted(timings), sorted(cpu_times)
