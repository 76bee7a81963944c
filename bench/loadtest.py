#!/usr/bin/env python
"""`make loadtest`: a class of candidates sits a mock interview at once; nothing may be lost.

Creates the candidates' accounts, serves the site with gunicorn as `make serve` does (DEBUG
off, static files collected, compressed and hashed; plain HTTP on loopback), lets Locust's
candidates (bench/locustfile.py) sign in and take a 5-question interview each, then checks
the database: every submitted text and rating is the last one its candidate sent. Prints
lost answers, errors and latency per kind of request as a Markdown table; exits 1 if
anything was lost or any request failed. Environment, with defaults:

  LOADTEST_USERS=200            candidates (accounts loadtest-NNNN@loadtest.example)
  LOADTEST_SPAWN_RATE=10        candidates arriving at the sign-in page per second
  LOADTEST_RUN_TIME=180         seconds at most; the run ends when every candidate is done
  LOADTEST_AUTOSAVE_INTERVAL=2  seconds between a question's autosaves (three of them)
  LOADTEST_THINK_TIME=1         seconds before starting, submitting, rating, moving on
                                (each pause is drawn from 0.5–1.5 times these means)
  LOADTEST_DATABASE_URL         default: a SQLite file in bench/results/ (LOADTEST_RESULTS)
  LOADTEST_ONE_ADDRESS=1        every candidate from 127.0.0.1, as behind one NAT
  LOADTEST_REQUEST_TIMEOUT=60   seconds a candidate waits for one response
  LOADTEST_PORT                 default: a free port on 127.0.0.1
  REDIS_URL                     as for the site: the cache (rate limits) and sessions in Redis
  WEB_CONCURRENCY=2, GUNICORN_THREADS=1, GUNICORN_WORKER_CLASS=sync   as for `make serve`
  LOADTEST_FAULTS=1             kill a worker and stop the database mid-run (bench/faults.py);
                                candidates then retry 503s and cut connections as the page does
  LOADTEST_RETRY_FOR=120        seconds a candidate keeps retrying one request (with faults)
"""

import json
import os
import re
import resource
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("LOADTEST_RESULTS", BASE_DIR / "bench" / "results"))
RESULTS.mkdir(parents=True, exist_ok=True)
USERS = int(os.environ.get("LOADTEST_USERS", "200"))
SPAWN_RATE = float(os.environ.get("LOADTEST_SPAWN_RATE", "10"))
FAULTS = os.environ.get("LOADTEST_FAULTS", "") not in {"", "0"}
RUN_TIME = int(os.environ.get("LOADTEST_RUN_TIME", "240" if FAULTS else "180"))
RETRY_FOR = int(os.environ.get("LOADTEST_RETRY_FOR", "120")) if FAULTS else 0
WORKERS = int(os.environ.get("WEB_CONCURRENCY", "2"))
THREADS = int(os.environ.get("GUNICORN_THREADS", "1"))
WORKER_CLASS = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
KEEPALIVE = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# The start wave: every candidate opens the start page, starts and gets a first question
# within the first seconds of the exam. A second table leaves those seconds out.
WAVE_SECONDS = float(os.environ.get("LOADTEST_WAVE_SECONDS", "15"))
EMAIL = "loadtest-{:04d}@loadtest.example"
PASSWORD = "loadtest-password-1"
SERVER_START_SECONDS = 60
# What a gunicorn log says when a request failed on the server's side.
SERVER_PROBLEM = re.compile(r"\[CRITICAL\]|WORKER TIMEOUT|Traceback| ERROR |\" 5\d\d ")
# What the faults themselves make the log say: 503s while the database is down.
EXPECTED_WITH_FAULTS = re.compile(r"\" 503 ")

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without the Secure flag.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(RESULTS / "static"),
        "DATABASE_URL": os.environ.get(
            "LOADTEST_DATABASE_URL", f"sqlite:///{RESULTS / 'loadtest.sqlite3'}"
        ),
    }
)
sys.path.insert(0, str(BASE_DIR))

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, connections  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.faults import FaultInjector, FaultPlan, fault_figures, fault_lines  # noqa: E402
from bench.loadcheck import check_answers, latency_table, rate, sent_after  # noqa: E402
from interview.models import Answer  # noqa: E402


def ensure_database() -> None:
    """Create the PostgreSQL database if it does not exist yet (the role needs CREATEDB)."""
    if connection.vendor != "postgresql":
        return
    try:
        connection.ensure_connection()
    except OperationalError:
        name = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        print(f"Created the database {name}.")


def prepare_database() -> None:
    """Migrate, load the bank into an empty database, and make the candidates' accounts
    afresh (only theirs: other data in the database stays)."""
    ensure_database()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_question_bank", verbosity=0)
    User.objects.filter(email__endswith="@loadtest.example").delete()
    password = make_password(PASSWORD)  # one hash: every sign-in still checks it in full
    users = User.objects.bulk_create(
        User(email=EMAIL.format(number), password=password) for number in range(USERS)
    )
    # Accounts that confirmed their address, as a class's would have.
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )


def prepare_static() -> None:
    """What `make serve` does before starting gunicorn: translations and static files."""
    subprocess.run(
        [sys.executable, "manage.py", "compilemessages", "--ignore=.venv"],
        cwd=BASE_DIR,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    call_command("collectstatic", interactive=False, verbosity=0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, log) -> subprocess.Popen:
    """gunicorn as `make serve` runs it, on loopback; returns once it answers."""
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
         "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
         "--worker-class", WORKER_CLASS, "--keep-alive", str(KEEPALIVE),
         "--access-logfile", "-", "--error-logfile", "-", "--forwarded-allow-ips", "127.0.0.1"],
        cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within {SERVER_START_SECONDS} s; see {log.name}")


# Locust writes the moment every candidate has signed in here; the faults count from it.
exam_marker = RESULTS / "loadtest-exam-started"


def exam_started() -> float | None:
    try:
        return float(exam_marker.read_text())
    except (OSError, ValueError):
        return None


def database_accepts_connections() -> bool:
    """A new connection to the database succeeds (from the fault injector's own thread)."""
    probe = connections["default"]
    try:
        probe.ensure_connection()
        return True
    except OperationalError:
        return False
    finally:
        probe.close()


def run_locust(port: int, record_path: Path) -> float:
    """Run the candidates; returns the CPU seconds Locust used."""
    record_path.unlink(missing_ok=True)
    env = os.environ | {
        "LOADTEST_USERS": str(USERS),
        "LOADTEST_EMAIL": EMAIL,
        "LOADTEST_PASSWORD": PASSWORD,
        "LOADTEST_RECORD": str(record_path),
        "LOADTEST_RETRY_FOR": str(RETRY_FOR),
        "LOADTEST_EXAM_MARKER": str(exam_marker),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(RESULTS / "loadtest-locust.log", "w") as log:
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(BASE_DIR / "bench" / "locustfile.py"),
             "--headless", "--only-summary", "--users", str(USERS),
             "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{RUN_TIME}s",
             "--host", f"http://127.0.0.1:{port}"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            timeout=RUN_TIME + 60,
        )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if not record_path.exists():
        raise SystemExit(f"Locust wrote no record; see {RESULTS / 'loadtest-locust.log'}")
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since it booted (Linux's /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, idle, iowait, *rest = map(int, fields)
    return (user + nice + system + sum(rest[:3])) / os.sysconf("SC_CLK_TCK")


def stored_answers(candidate: dict) -> dict[int, Answer]:
    """The answers of the candidate's interview, by position (none if it is not theirs)."""
    return {
        answer.position: answer
        for answer in Answer.objects.filter(
            interview_id=candidate["interview"], interview__user__email=candidate["email"]
        )
    }


def report(
    record: dict, lost: list[str], checked: int, unsure: int, cpu: dict, faults: list[str]
) -> str:
    requests = record["requests"]
    candidates = record["candidates"]
    finished = sum(1 for candidate in candidates if candidate["finished"])
    errors = [row for row in requests if row[4]]
    count, seconds = rate(requests)
    exam_count, exam_seconds = rate(requests, record["exam_started"])
    database = connection.vendor
    if database == "postgresql":
        database = f"PostgreSQL {connection.pg_version // 10000}"
    threads = f"{THREADS} thread" + ("s" if THREADS != 1 else "")
    server = f"gunicorn {WORKERS} workers × {threads} ({WORKER_CLASS})"
    if os.environ.get("REDIS_URL"):
        database += ", cache and sessions in Redis (REDIS_URL)"
    lines = [
        f"Database: {database}; {server}; {USERS} candidates arriving {SPAWN_RATE:g}/s, "
        f"5 questions each, 3 autosaves {os.environ.get('LOADTEST_AUTOSAVE_INTERVAL', '2')} s "
        f"apart; Locust on the same machine.",
        "",
        *latency_table(requests),
        "",
        *(
            [
                f"Requests sent {WAVE_SECONDS:g} s or more after the exam started (after the "
                "start wave, when every candidate is answering):",
                "",
                *latency_table(sent_after(requests, record["exam_started"] + WAVE_SECONDS)),
                "",
            ]
            if record["exam_started"]
            else []
        ),
        f"{count} requests in {seconds:.1f} s: **{count / max(seconds, 1e-9):.0f} requests/s**"
        + (
            f"; {exam_count} in {exam_seconds:.1f} s after everyone had signed in: "
            f"{exam_count / max(exam_seconds, 1e-9):.0f} requests/s"
            if record["exam_started"]
            else ""
        )
        + ".",
        f"Finished interviews: {finished} of {USERS}. Answers checked: {checked} "
        f"({unsure} with a request still on its way when the run ended). "
        f"**Lost: {len(lost)}. Errors: {len(errors)}.** "
        f"Candidates stopped early: {len(record['task_errors'])}.",
        *faults,
        f"CPU seconds used: gunicorn {cpu['server']:.0f}, Locust {cpu['locust']:.0f}, "
        f"everything else on the machine (the database server included) "
        f"{max(0, cpu['machine'] - cpu['server'] - cpu['locust']):.0f}, "
        f"of {cpu['elapsed'] * (os.cpu_count() or 1):.0f} on {os.cpu_count()} cores.",
        # What the crowd's mix of requests costs the server: its capacity, had it the
        # machine's cores to itself, whatever pauses the candidates take.
        f"gunicorn CPU per request: {cpu['server'] * 1000 / max(count, 1):.1f} ms, "
        f"so at most {(os.cpu_count() or 1) * count / max(cpu['server'], 1e-9):.0f} "
        f"requests/s of this mix on {os.cpu_count()} cores.",
    ]
    return "\n".join(lines)


def print_failures(problems: list, lost: list, failures: list, stopped: list) -> None:
    """The first of each kind of failure, one line each: server log problems, lost answers,
    failed requests and candidates stopped by an exception."""
    for line in problems[:20]:
        print(f"SERVER {line}")
    for line in lost[:50]:
        print(f"LOST {line}")
    for row in failures[:50]:
        print(f"ERROR {row[0]}: {row[4]}")
    for line in stopped[:50]:
        print(f"STOPPED {line}")


def main() -> int:
    print(f"Preparing {USERS} candidates in {connection.vendor} ({os.environ['DATABASE_URL']})")
    prepare_database()
    prepare_static()
    connection.close()
    port = int(os.environ.get("LOADTEST_PORT") or free_port())
    record_path = RESULTS / "loadtest-record.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    machine_before, started = busy_cpu_seconds(), time.monotonic()
    plan, injector = FaultPlan(), None
    with open(RESULTS / "loadtest-gunicorn.log", "w") as log:
        server = start_server(port, log)
        print(f"Running {USERS} candidates for at most {RUN_TIME} s against port {port}")
        exam_marker.unlink(missing_ok=True)
        try:
            if FAULTS:
                injector = FaultInjector(
                    plan,
                    server.pid,
                    connection.vendor == "postgresql",
                    begins=exam_started,
                    answers=database_accepts_connections,
                )
                injector.start()
            locust_cpu = run_locust(port, record_path)
        finally:
            if injector is not None:
                injector.finish()
            server.terminate()
            server.wait(timeout=30)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    cpu = {
        "locust": locust_cpu,
        "server": total - locust_cpu,
        "machine": busy_cpu_seconds() - machine_before,
        "elapsed": time.monotonic() - started,
    }
    record = json.loads(record_path.read_text(encoding="utf-8"))
    lost, checked, unsure = check_answers(record["candidates"], stored_answers)
    figures, faults = {}, []
    if injector is not None:
        figures = fault_figures(record["requests"], injector.events)
        faults = fault_lines(figures, injector.events, plan)
    text = report(record, lost, checked, unsure, cpu, faults)
    print(text)
    (RESULTS / "loadtest-latest.md").write_text(text + "\n", encoding="utf-8")
    failures = [row for row in record["requests"] if row[4]]
    server_log = (RESULTS / "loadtest-gunicorn.log").read_text(encoding="utf-8", errors="replace")
    problems = [
        line
        for line in server_log.splitlines()
        if SERVER_PROBLEM.search(line) and not (FAULTS and EXPECTED_WITH_FAULTS.search(line))
    ]
    summary = {
        "candidates": USERS,
        "finished": sum(1 for candidate in record["candidates"] if candidate["finished"]),
        "checked": checked,
        "lost": lost,
        "errors": [f"{row[0]}: {row[4]}" for row in failures],
        "stopped": record["task_errors"],
        "server_problems": problems,
        "counts": dict(Counter(row[0] for row in record["requests"])),
        "faults": injector.events if injector is not None else None,
        "fault_figures": figures,
    }
    (RESULTS / "loadtest-summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print_failures(problems, lost, failures, record["task_errors"])
    if "CPU usage above" in (RESULTS / "loadtest-locust.log").read_text(errors="replace"):
        print("NOTE Locust's own CPU went above 90%: its timings include its own queueing.")
    print(f"(saved to {RESULTS / 'loadtest-latest.md'}; logs beside it)")
    fault_failed = injector is not None and "fault_error" in injector.events
    return 1 if lost or failures or record["task_errors"] or problems or fault_failed else 0


if __name__ == "__main__":
    sys.exit(main())
