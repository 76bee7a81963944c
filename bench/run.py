#!/usr/bin/env python
"""`make bench`: seed a large database, serve it with gunicorn, load it with wrk, report.

Every page is measured in the same run as a bare Django view (/healthz/, through the
same middleware), so the table's ratios mean something on any machine. Environment:
BENCH_DURATION (seconds per page, default 8), BENCH_CONNECTIONS (default 8),
BENCH_DATABASE_URL (default: a SQLite file in bench/results/), BENCH_RESEED=1, BENCH_PORT.
BENCH_REDIS=1 starts a redis-server of its own (on BENCH_REDIS_PORT, default a free port;
no disk writes) and serves with REDIS_URL pointing at it: the cache in Redis and sessions
read through it (cached_db), as a site with a shared cache runs. It stops it afterwards.
"""

import atexit
import gzip
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import psutil

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results"
RESULTS.mkdir(parents=True, exist_ok=True)
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DURATION = int(os.environ.get("BENCH_DURATION", "8"))
# BENCH_PAGES=question,submit measures only those pages of the first table (with the bare
# and the signed-in bare view, which the ratios need): a short run to compare two commits.
PAGES = [page for page in os.environ.get("BENCH_PAGES", "").split(",") if page]
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = 2
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
SESSION_USERS = 40
SUBMIT_PER_USER = 150
RATE_PER_USER = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis() -> str:
    """A throwaway redis-server (nothing saved to disk), stopped when this script ends."""
    if not shutil.which("redis-server"):
        raise SystemExit("BENCH_REDIS=1 needs redis-server: apt-get install redis-server")
    port = int(os.environ.get("BENCH_REDIS_PORT") or free_port())
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    atexit.register(lambda: (server.terminate(), server.wait()))
    for _ in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as probe:
                probe.sendall(b"PING\r\n")
                if probe.recv(16).startswith(b"+PONG"):
                    return f"redis://127.0.0.1:{port}/0"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("redis-server did not start")


if os.environ.get("BENCH_REDIS") == "1":
    os.environ["REDIS_URL"] = start_redis()

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(RESULTS / "static"),
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}"
        ),
    }
)
sys.path.insert(0, str(BASE_DIR))

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from bench import seed  # noqa: E402
from core import signed_in  # noqa: E402
from interview import services  # noqa: E402
from interview.models import Answer, Interview  # noqa: E402
from questions.models import Question  # noqa: E402


def prepare_database() -> None:
    fresh = os.environ.get("BENCH_RESEED") == "1"
    if fresh and connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(RESULTS / "bench.sqlite3") + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if fresh and connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0)
    if User.objects.filter(email__endswith="@bench.example").exists():
        print("Using the database seeded earlier (BENCH_RESEED=1 seeds it again).")
        return
    print("Seeding 1,000 users, 20,000 interviews, 100,000 answers, 1,000 questions ...")
    started = time.monotonic()
    seed.seed()
    print(f"  seeded in {time.monotonic() - started:.0f} s")


def session_cookie(user, csrf: str) -> str:
    client = Client()
    client.force_login(user)
    # Signing in keeps the user out of a shared cache for a minute (core/signed_in.py); the
    # benchmark measures the steady state that follows, as users stay signed in for days.
    cache.delete(signed_in.cache_key(user.pk))
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"


def open_interview(user, *, count: int, minutes: int = 30) -> Interview:
    """An interview whose questions are all open for an hour, ready to answer."""
    now = timezone.now()
    interview = services.interview_start(
        user=user,
        tags=[],
        question_count=count,
        minutes_per_question=minutes,
        prefer_unseen=False,
        now=now,
    )
    interview.answers.update(
        status=Answer.Status.ACTIVE, shown_at=now, deadline=now + timezone.timedelta(hours=1)
    )
    return interview


START_BODY = "token=TOKEN&mode=mix&question_count=5&minutes=&prefer_unseen=on&top_up=on"


def fill_in(body: str, number: int = 0) -> str:
    """A request body with its placeholders filled: a revision above any sent before (in
    milliseconds, as the page sends), and a start token never used."""
    revision = str(time.time_ns() // 1_000_000 + number)
    return body.replace("REVISION", revision).replace("TOKEN", uuid.uuid4().hex)


# How many attempts each attempts page in the benchmark lists (set by build_targets).
ATTEMPTS_SHOWN: dict[str, int] = {}
# How many interviews the user of the full history page has (set by build_targets).
HISTORY_SHOWN: dict[str, int] = {}


def build_targets() -> dict[str, list[tuple]]:
    """Per page, the requests wrk replays: (method, path, cookie, csrf, body)."""
    Interview.objects.filter(state=Interview.State.IN_PROGRESS).delete()
    regular = list(
        User.objects.filter(email__endswith="@bench.example").order_by("?")[:SESSION_USERS]
    )
    light = User.objects.get(email="user0000@bench.example")
    heavy = User.objects.get(email="user0001@bench.example")
    csrf = _get_new_csrf_string()
    cookies = {user.pk: session_cookie(user, csrf) for user in [*regular, light, heavy]}
    body = (
        "text="
        + urllib.request.quote("LoRA 冻结原权重，只训练低秩矩阵。" * 8)
        + "&revision=REVISION"
    )
    light_slug, light_count = most_answered(light)
    # The same page showing as many attempts as the light user's, so the pair compares
    # history size alone; the heavy user's fullest page is measured on its own line.
    heavy_slug, heavy_count = most_answered(heavy, at_most=light_count)
    full_slug, full_count = most_answered(heavy)
    ATTEMPTS_SHOWN.update(light=light_count, heavy=heavy_count, full=full_count)
    # The light user's history lists 10 rows, the heavy user's a full page of 20. The other
    # users have 18 or 19 interviews: the one with the most shows what a page about as long
    # as the heavy user's costs with a short history.
    full_page = (
        User.objects.filter(email__endswith="@bench.example")
        .exclude(pk=heavy.pk)
        .annotate(count=Count("interviews"))
        .order_by("-count", "pk")
        .first()
    )
    HISTORY_SHOWN.update(full_page=full_page.count)
    targets: dict[str, list[tuple]] = {
        "baseline": [("GET", "/healthz/", cookies[u.pk], csrf, "") for u in regular],
        "signed_in": [("GET", "/bench/signed-in/", cookies[u.pk], csrf, "") for u in regular],
        "layout": [("GET", "/bench/layout/", cookies[u.pk], csrf, "") for u in regular],
        "bank": [],
        "question": [],
        "autosave": [],
        "submit": [],
        "rate": [],
        "history": [("GET", "/history/", cookies[u.pk], csrf, "") for u in regular],
        "progress": [("GET", "/history/progress/", cookies[u.pk], csrf, "") for u in regular],
        "attempts": [
            ("GET", f"/history/questions/{most_answered(u)[0]}/", cookies[u.pk], csrf, "")
            for u in regular
        ],
        "start_page": [("GET", "/interviews/", cookies[u.pk], csrf, "") for u in regular],
        # Measured by `make profile` only (each start makes an interview, and a user may
        # have only a few unfinished): a start, TOKEN made fresh each time.
        "start": [("POST", "/interviews/", cookies[u.pk], csrf, START_BODY) for u in regular],
        "history_light": [("GET", "/history/", cookies[light.pk], csrf, "")],
        "history_heavy": [("GET", "/history/", cookies[heavy.pk], csrf, "")],
        "history_full_page": [("GET", "/history/", session_cookie(full_page, csrf), csrf, "")],
        "progress_light": [("GET", "/history/progress/", cookies[light.pk], csrf, "")],
        "progress_heavy": [("GET", "/history/progress/", cookies[heavy.pk], csrf, "")],
        "attempts_light": [
            ("GET", f"/history/questions/{light_slug}/", cookies[light.pk], csrf, "")
        ],
        "attempts_heavy": [
            ("GET", f"/history/questions/{heavy_slug}/", cookies[heavy.pk], csrf, "")
        ],
        "attempts_full": [("GET", f"/history/questions/{full_slug}/", cookies[heavy.pk], csrf, "")],
    }
    bank_paths = [
        "/questions/",
        "/questions/?page=7",
        "/questions/?tag=fine-tuning",
        "/questions/?q=" + urllib.request.quote("注意力"),
        "/questions/?difficulty=3&page=2",
    ]
    for index, user in enumerate(regular):
        targets["bank"].append(
            ("GET", bank_paths[index % len(bank_paths)], cookies[user.pk], csrf, "")
        )
        current = open_interview(user, count=5)
        base = f"/interviews/{current.pk}/q/1/"
        targets["question"].append(("GET", base, cookies[user.pk], csrf, ""))
        targets["autosave"].append(("POST", base + "autosave/", cookies[user.pk], csrf, body))
        done = Answer.objects.filter(user=user, status=Answer.Status.SUBMITTED)
        for answer in done.order_by("pk")[:RATE_PER_USER]:
            path = f"/interviews/{answer.interview_id}/q/{answer.position}/rate/"
            rating = 1 + answer.rating % 4  # a different rating: a real change
            targets["rate"].append(("POST", path, cookies[user.pk], csrf, f"rating={rating}"))
        batch = open_interview(user, count=SUBMIT_PER_USER)
        for position in range(1, SUBMIT_PER_USER + 1):
            path = f"/interviews/{batch.pk}/q/{position}/submit/"
            targets["submit"].append(
                ("POST", path, cookies[user.pk], csrf, body + "&action=submit")
            )
    # Interleave users so consecutive submits do not queue on one interview's rows.
    targets["submit"].sort(key=lambda target: int(target[1].split("/")[4]))
    targets["rate"].sort(key=lambda target: int(target[1].split("/")[4]))
    return targets


def most_answered(user, at_most=None) -> tuple[str, int]:
    """The question this user answered most often (given `at_most`, most often within that
    many times): its slug and how many attempts its page shows."""
    rows = (
        Answer.objects.filter(user=user, shown_at__isnull=False)
        .values("question__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "question__slug")
    )
    if at_most is not None:
        rows = rows.filter(count__lte=at_most)
    row = rows.first()
    return row["question__slug"], row["count"]


def count_queries(targets: dict[str, list[tuple]]) -> dict[str, int]:
    """Queries for one request of each page, through Django's test client: a page's second
    request, as a serving process answers it once it has kept what it keeps of the whole
    bank (questions/generation.py); the first request of each POST."""
    counts = {}
    for name, requests in targets.items():
        method, path, cookie, csrf, body = requests[-1]
        client = Client(**({"HTTP_HX_REQUEST": "true"} if method == "POST" else {}))
        for part in cookie.split("; "):
            key, value = part.split("=", 1)
            client.cookies[key] = value
        if method == "GET":
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(
                    path,
                    fill_in(body),
                    content_type="application/x-www-form-urlencoded",
                    HTTP_X_CSRFTOKEN=csrf,
                )
        assert response.status_code < 400, (name, response.status_code)
        counts[name] = len(captured)
    return counts


def page_weight(target: tuple) -> dict[str, int]:
    """Bytes a first visit to a question page transfers, compressed: the HTML (gzip, level 6,
    as a proxy in front of gunicorn would send it) and every stylesheet and script it links
    (gzip, as whitenoise serves them)."""
    _method, path, cookie, _csrf, _body = target
    base = f"http://127.0.0.1:{PORT}"
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    html = urllib.request.urlopen(request, timeout=10).read()
    sizes = {"HTML": len(gzip.compress(html, compresslevel=6))}
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    for asset in dict.fromkeys(assets):
        request = urllib.request.Request(base + asset.decode(), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            if response.headers.get("Content-Encoding") != "gzip":
                body = gzip.compress(body)
        name = "CSS" if asset.endswith(b".css") else "JS"
        sizes[name] = sizes.get(name, 0) + len(body)
    sizes["total"] = sum(sizes.values())
    return sizes


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "config.wsgi",
         "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=BASE_DIR,
        env=os.environ.copy(),
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def worker_cpu_seconds(server: subprocess.Popen | None) -> float:
    """CPU time (user and system) gunicorn's workers have used so far."""
    if server is None:
        return 0.0
    total = 0.0
    for worker in psutil.Process(server.pid).children():
        try:
            times = worker.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def run_wrk(
    requests: list[tuple], duration: int = DURATION, server: subprocess.Popen | None = None
) -> dict:
    """wrk's figures for these requests, and the workers' CPU milliseconds per request
    (`cpu_ms`, given the server): on a machine others share, requests/s follows their load,
    the CPU a request costs much less."""
    cpu_before = worker_cpu_seconds(server)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        for request in requests:
            handle.write("\t".join(request) + "\n")
    env = os.environ | {"BENCH_TARGETS": handle.name, "BENCH_THREADS": str(THREADS)}
    result = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s",
         "-s", str(BASE_DIR / "bench" / "wrk.lua"), f"http://127.0.0.1:{PORT}"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    os.unlink(handle.name)
    line = [row for row in result.stdout.splitlines() if row.startswith("{")][-1]
    stats = json.loads(line)
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    cpu = worker_cpu_seconds(server) - cpu_before
    stats["cpu_ms"] = cpu * 1000 / max(stats["requests"], 1)
    return stats


LABELS = {
    "baseline": "bare Django view (/healthz/)",
    "signed_in": "signed-in bare view (reads the session and user)",
    "layout": "signed-in layout only (base.html, empty page)",
    "bank": "question bank list",
    "question": "interview question page",
    "autosave": "autosave POST",
    "submit": "submit POST",
    "rate": "rate POST",
    "history": "history list",
    "progress": "progress",
    "attempts": "attempts at one question (the user's most answered)",
    "start_page": "start page (no unfinished interviews)",
}
# The same page for a user with 10 interviews and one with 2,000.
LIGHT_HEAVY = {
    "history": "history list",
    "progress": "progress",
    "attempts": "attempts at one question",
}


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    prepare_database()
    call_command("collectstatic", interactive=False, verbosity=0)
    targets = build_targets()
    queries = count_queries(targets)
    targets = build_targets()  # count_queries used up one submit and one draft
    server = start_server()
    try:
        run_wrk(targets["baseline"], duration=2)  # warm-up
        pairs = [f"{page}_{who}" for page in LIGHT_HEAVY for who in ("light", "heavy")]
        pairs += ["history_full_page", "attempts_full"]
        names = [*LABELS, *pairs]
        if PAGES:
            names = [name for name in LABELS if name in {"baseline", "signed_in", *PAGES}]
        stats = {name: run_wrk(targets[name], server=server) for name in names}
        weight = page_weight(targets["question"][0])
    finally:
        server.terminate()
        server.wait()

    baseline = stats["baseline"]["rps"]
    floor = stats["signed_in"]["rps"]
    floor_cpu = stats["signed_in"]["cpu_ms"]
    sessions = (
        "cache and sessions in Redis (cached_db)"
        if os.environ.get("REDIS_URL")
        else "cache and sessions in the database"
    )

    def latency(row: dict) -> str:
        return " | ".join(f"{row[key] / 1000:.1f}" for key in ("p50_us", "p95_us", "p99_us"))

    lines = [
        f"Database: {connection.vendor}; {Question.objects.count():,} questions, "
        f"{User.objects.count():,} users, {Interview.objects.count():,} interviews, "
        f"{Answer.objects.count():,} answers; {sessions}; gunicorn {WORKERS} workers; "
        f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s per page.",
        "",
        "| page | req/s | vs. baseline | vs. signed-in | p50 ms | p95 ms | p99 ms | queries "
        "| errors | CPU ms a request | CPU vs. signed-in |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label in LABELS.items():
        if name not in stats:
            continue
        row = stats[name]
        errors = row["non_2xx"] + row["socket_errors"]
        lines.append(
            f"| {label} | {row['rps']:.0f} | {row['rps'] / baseline:.2f} "
            f"| {row['rps'] / floor:.2f} | {latency(row)} "
            f"| {queries[name]} | {errors} | {row['cpu_ms']:.2f} "
            f"| {floor_cpu / max(row['cpu_ms'], 1e-9):.2f} |"
        )
    if PAGES:
        print("\n".join(lines))
        return
    lines += [
        "",
        "| page | for a user with | req/s | p50 ms | p95 ms | p99 ms | queries |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    ratios = []
    for page, label in LIGHT_HEAVY.items():
        light, heavy = stats[f"{page}_light"], stats[f"{page}_heavy"]
        for who, row in (("10 interviews", light), ("2,000 interviews", heavy)):
            lines.append(
                f"| {label} | {who} | {row['rps']:.0f} | {latency(row)} "
                f"| {queries[f'{page}_' + ('light' if row is light else 'heavy')]} |"
            )
        ratios.append(f"{label} {heavy['p50_us'] / max(light['p50_us'], 1):.2f}x")
    full, light = stats["attempts_full"], stats["attempts_light"]
    full_page, heavy = stats["history_full_page"], stats["history_heavy"]
    lines += [
        "| history list, a page about as long (a row per interview) "
        f"| {HISTORY_SHOWN['full_page']} interviews | {full_page['rps']:.0f} "
        f"| {latency(full_page)} | {queries['history_full_page']} |",
        f"| attempts at one question, fuller page | 2,000 interviews | {full['rps']:.0f} "
        f"| {latency(full)} | {queries['attempts_full']} |",
        "",
        "p50 latency, 2,000 vs 10 interviews: " + ", ".join(ratios),
        "",
        f"History lists: 10 rows for the light user, 20 (a full page) for the heavy one; "
        f"against a user with {HISTORY_SHOWN['full_page']} interviews (as many rows, less one "
        f"at most), the heavy user's p50 is {heavy['p50_us'] / max(full_page['p50_us'], 1):.2f}x.",
        "",
        f"Attempts pages: the pair lists {ATTEMPTS_SHOWN['light']} and {ATTEMPTS_SHOWN['heavy']} "
        "attempts (the light user's most answered question, and one the heavy user answered "
        "as often or, failing that, less often); "
        f"the fuller page lists {ATTEMPTS_SHOWN['full']} (the heavy user's most answered), "
        f"p50 {full['p50_us'] / max(light['p50_us'], 1):.2f}x the light user's.",
        "",
        "Question page, first visit (HTML gzip-compressed as a proxy would send it; CSS and "
        "JS as whitenoise serves them, gzip): "
        + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in weight.items()),
    ]
    report = "\n".join(lines)
    print(report)
    (RESULTS / "latest.md").write_text(report + "\n", encoding="utf-8")
    print(f"\n(saved to {RESULTS / 'latest.md'})")


if __name__ == "__main__":
    main()
