#!/usr/bin/env python
"""`make profile`: where the time of each hot request goes, on the benchmark's database.

For each kind of request, REPEAT requests go through Django's test client (the whole
middleware stack, DEBUG off) under cProfile. Reported per request: total milliseconds, the
part spent in database calls (timed by a connection wrapper), the part spent rendering
templates (cumulative time of Template.render), and the functions that cost most of
their own time. Slower than real serving (the profiler adds overhead) but the split holds.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402  (sets up Django and the benchmark's environment)

REPEAT = int(os.environ.get("PROFILE_REPEAT", "40"))
# PROFILE_KINDS=submit,rate profiles only those; PROFILE_DUMP=dir writes each kind's raw
# profile there (<kind>.prof, for pstats or snakeviz).
ONLY = [kind for kind in os.environ.get("PROFILE_KINDS", "").split(",") if kind]
DUMP = os.environ.get("PROFILE_DUMP")
KINDS = [
    "baseline",
    "signed_in",
    "layout",
    "question",
    "autosave",
    "submit",
    "rate",
    "history",
    "bank",
    "start_page",
    "start",
    "history_heavy",
    "progress_heavy",
    "attempts_heavy",
]


class QueryTimer:
    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def send(client, target, number):
    """One request as the target's user (their cookies), as htmx sends POSTs."""
    method, path, cookie, csrf, body = target
    client.cookies.clear()
    for part in cookie.split("; "):
        key, value = part.split("=", 1)
        client.cookies[key] = value
    if method == "GET":
        return client.get(path)
    return client.post(
        path,
        run.fill_in(body, number),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_CSRFTOKEN=csrf,
        HTTP_HX_REQUEST="true",
    )


def template_seconds(stats: pstats.Stats) -> float:
    """The cumulative time of the template backend's render (every template a view renders,
    partials too): base.py holds several functions named render, and which one a profile
    lists first is chance."""
    for (filename, _line, name), row in stats.stats.items():
        if name == "render" and filename.endswith("django/template/backends/django.py"):
            return row[3]
    return 0.0


def profile(kind: str, targets: list[tuple]) -> str:
    from django.db import connection
    from django.test import Client

    timer = QueryTimer()
    profiler = cProfile.Profile()
    # One client, so the middleware (whitenoise's file index among it) loads once, as in a
    # long-running worker; a warm-up request loads it before the measurement starts.
    client = Client()
    send(client, targets[-1], -1)
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        for number in range(REPEAT):
            target = targets[number % len(targets)]
            profiler.enable()
            response = send(client, target, number)
            profiler.disable()
            assert response.status_code < 400, (kind, response.status_code)
    elapsed = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    if DUMP:
        stats.dump_stats(Path(DUMP) / f"{kind}.prof")
    total = stats.total_tt / REPEAT * 1000
    database = timer.seconds / REPEAT * 1000
    templates = template_seconds(stats) / REPEAT * 1000
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("tottime").print_stats(8)
    top = "\n".join(
        "    " + line.strip()
        for line in out.getvalue().splitlines()
        if line.strip() and line.strip()[0].isdigit()
    )
    return (
        f"| {kind} | {total:.1f} | {database:.1f} ({timer.count / REPEAT:.0f} queries) "
        f"| {templates:.1f} | {max(total - database - templates, 0):.1f} "
        f"| {stats.total_calls / REPEAT:,.0f} |\n"
        f"<!-- {kind}: {elapsed / REPEAT * 1000:.1f} ms wall per request; top own time:\n"
        f"{top}\n-->"
    )


def main() -> None:
    from django.core.management import call_command

    from core.serving import warm_up

    run.prepare_database()
    warm_up()  # as a serving process does before its first request (config/wsgi.py)
    call_command("collectstatic", interactive=False, verbosity=0)
    targets = run.build_targets()
    print(f"Each row: the mean of {REPEAT} requests under cProfile, in ms.\n")
    print(
        "| request | total | database | templates | other (views, middleware, forms) "
        "| function calls |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for kind in ONLY or KINDS:
        print(profile(kind, targets[kind]))


if __name__ == "__main__":
    main()
