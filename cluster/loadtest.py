#!/usr/bin/env python
"""The load test through the cluster's balancer, with one app server killed mid-exam.

Runs bench/loadtest.py's candidates (bench/locustfile.py) against HAProxy of a running
`make cluster`, on the cluster's own database. CLUSTER_KILL_AT seconds after every
candidate has signed in, app server 1 (gunicorn's master and its workers) is killed with
SIGKILL; CLUSTER_DOWN_FOR seconds later it is started again (`cluster.sh start-app 1`).
Candidates retry a cut connection, a 502 or a 503 as the page does. Then every answer is
checked against what its candidate sent last, and the errors seen and the recovery time
are reported. Exits 1 if anything was lost or any request failed for good.

Run it with the cluster's environment (`make cluster-loadtest` does):
  LOADTEST_USERS=200, LOADTEST_SPAWN_RATE=10, ... as for bench/loadtest.py
  CLUSTER_KILL_AT=20         seconds after the exam started
  CLUSTER_DOWN_FOR=10        seconds the server stays down
  CLUSTER_KILL=1             0: no server is killed (to measure the cluster's capacity)
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RUN = Path(os.environ.get("CLUSTER_RUN", BASE_DIR / "run" / "cluster")).resolve()
SCRIPT = BASE_DIR / "deploy" / "cluster" / "cluster.sh"
PORT = int(os.environ.get("CLUSTER_PORT", "18000"))
STATS = f"http://127.0.0.1:{os.environ.get('CLUSTER_STATS_PORT', '18003')}/;csv"
KILL = os.environ.get("CLUSTER_KILL", "1") != "0"
KILL_AT = float(os.environ.get("CLUSTER_KILL_AT", "20"))
DOWN_FOR = float(os.environ.get("CLUSTER_DOWN_FOR", "10"))
KILLED = "app1"
RETRIED = (0, 502, 503, 504)  # what candidates try again (bench/locustfile.py `retried`)

if "DATABASE_URL" not in os.environ:
    raise SystemExit("Run with the cluster's environment: make cluster-loadtest")
os.environ["LOADTEST_DATABASE_URL"] = os.environ["DATABASE_URL"]
os.environ.setdefault("LOADTEST_RESULTS", str(RUN / "loadtest"))
os.environ["LOADTEST_FAULTS"] = "1"  # candidates retry, as the page does
sys.path.insert(0, str(BASE_DIR))

from bench import loadtest  # noqa: E402  (sets up Django on the cluster's database)
from bench.faults import worker_pids  # noqa: E402
from bench.loadcheck import check_answers, latency_table, rate  # noqa: E402


def in_rotation(server: str) -> bool:
    """HAProxy's statistics say the server is UP."""
    with urllib.request.urlopen(STATS, timeout=2) as response:
        rows = response.read().decode().splitlines()
    return any(row.split(",")[:2] == ["app", server] and ",UP," in row for row in rows)


class ServerKiller(threading.Thread):
    """Kills app server 1 mid-exam and starts it again; `events` says when (time.time())."""

    def __init__(self):
        super().__init__(daemon=True)
        self.cancelled = threading.Event()
        self.events: dict[str, float | str] = {}
        self.down = False

    def run(self) -> None:
        try:
            started = None
            while started is None:
                if self.cancelled.wait(0.2):
                    return
                started = loadtest.exam_started()
            self.events["exam_started"] = started
            if self.cancelled.wait(max(0.0, started + KILL_AT - time.time())):
                return
            master = int((RUN / f"{KILLED}.pid").read_text())
            processes = [master, *worker_pids(master)]
            for pid in processes:
                os.kill(pid, signal.SIGKILL)
            self.down = True
            self.events["killed"] = time.time()
            self.events["processes"] = len(processes)
            time.sleep(DOWN_FOR)
            self.restart()
        except Exception as error:  # reported with the results
            self.events["error"] = f"{type(error).__name__}: {error}"

    def restart(self) -> None:
        if not self.down:
            return
        self.events["log_offset"] = _size(RUN / f"{KILLED}.log")
        subprocess.run([SCRIPT, "start-app", KILLED[-1]], check=True, timeout=120)
        self.down = False
        self.events["answering"] = time.time()
        deadline = time.monotonic() + 30
        while not in_rotation(KILLED) and time.monotonic() < deadline:
            time.sleep(0.1)
        if in_rotation(KILLED):
            self.events["in_rotation"] = time.time()

    def finish(self) -> None:
        self.cancelled.set()
        self.join(timeout=DOWN_FOR + 150)
        self.restart()  # the run ended before the server was started again


def log_sizes() -> dict[str, int]:
    return {name: _size(RUN / f"{name}.log") for name in ("app1", "app2")}


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def log_since(name: str, offset: int) -> list[str]:
    with open(RUN / f"{name}.log", "rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace").splitlines()


def fault_lines(requests: list[list], events: dict, served_after: int) -> list[str]:
    """What the candidates saw of the kill, in seconds after it."""
    if "killed" not in events:
        return [f"No server was killed ({events.get('error', 'CLUSTER_KILL=0')})."]
    killed = events["killed"]

    def after(moment: float | None) -> str:
        return f"{moment - killed:.1f} s" if moment else "never"

    retried = [row for row in requests if row[3] in RETRIED and not row[4]]
    by_status = {status: sum(1 for row in retried if row[3] == status) for status in RETRIED}
    last = max((row[1] + row[2] / 1000 for row in retried), default=None)
    return [
        f"Fault: {KILLED} (gunicorn master and {events['processes'] - 1} workers) killed with "
        f"SIGKILL {killed - events['exam_started']:.1f} s after the exam started; started "
        f"again after {DOWN_FOR:g} s, answering its health check {after(events.get('answering'))} "
        f"after the kill and back in HAProxy's rotation {after(events.get('in_rotation'))} after "
        f"it; it then served {served_after} requests.",
        f"**Attempts the candidates retried: {len(retried)}** ({by_status[0]} cut connections, "
        f"{by_status[502]} HTTP 502, {by_status[503]} HTTP 503, {by_status[504]} HTTP 504). "
        f"**Recovery: the last of them ended {after(last)} after the kill**"
        + ("" if last else " (no request failed)")
        + "; from then on every request succeeded at once.",
    ]


def report(record: dict, lost: list, checked: int, unsure: int, faults: list[str], cpu) -> str:
    requests = record["requests"]
    count, seconds = rate(requests)
    finished = sum(1 for candidate in record["candidates"] if candidate["finished"])
    errors = sum(1 for row in requests if row[4])
    return "\n".join(
        [
            f"Cluster: HAProxy (round robin) in front of 2 app servers, each gunicorn "
            f"{loadtest.WORKERS} workers × {loadtest.THREADS} thread ({loadtest.WORKER_CLASS}); "
            f"PostgreSQL, Redis, moto (S3) and one db_worker; {loadtest.USERS} candidates "
            f"arriving {loadtest.SPAWN_RATE:g}/s, 5 questions each; all on one machine of "
            f"{os.cpu_count()} cores, Locust included.",
            "",
            *latency_table(requests),
            "",
            f"{count} requests in {seconds:.1f} s: {count / max(seconds, 1e-9):.0f} requests/s.",
            f"Finished interviews: {finished} of {loadtest.USERS}. Answers checked: {checked} "
            f"({unsure} with a request still on its way when the run ended). "
            f"**Lost: {len(lost)}. Errors: {errors}.** "
            f"Candidates stopped early: {len(record['task_errors'])}.",
            *faults,
            f"CPU seconds: Locust {cpu['locust']:.0f}, the whole machine {cpu['machine']:.0f} "
            f"of {cpu['elapsed'] * (os.cpu_count() or 1):.0f}.",
        ]
    )


def main() -> int:
    print(f"Preparing {loadtest.USERS} candidates in {os.environ['DATABASE_URL']}")
    loadtest.prepare_database()
    loadtest.connection.close()
    record_path = loadtest.RESULTS / "cluster-record.json"
    loadtest.exam_marker.unlink(missing_ok=True)
    offsets = log_sizes()
    killer = ServerKiller() if KILL else None
    machine, started = loadtest.busy_cpu_seconds(), time.monotonic()
    print(f"Running {loadtest.USERS} candidates through HAProxy on port {PORT}")
    if killer:
        killer.start()
    try:
        locust_cpu = loadtest.run_locust(PORT, record_path)
    finally:
        if killer:
            killer.finish()
    cpu = {
        "locust": locust_cpu,
        "machine": loadtest.busy_cpu_seconds() - machine,
        "elapsed": time.monotonic() - started,
    }
    events = killer.events if killer else {}
    record = json.loads(record_path.read_text(encoding="utf-8"))
    lost, checked, unsure = check_answers(record["candidates"], loadtest.stored_answers)
    # What the restarted server answered, its health checks left out.
    served_after = sum(
        1
        for line in log_since(KILLED, int(events.get("log_offset", 0)))
        if " HTTP/1" in line and "/healthz/" not in line
    )
    faults = fault_lines(record["requests"], events, served_after) if killer else []
    text = report(record, lost, checked, unsure, faults, cpu)
    print(text)
    (loadtest.RESULTS / "cluster-loadtest-latest.md").write_text(text + "\n", encoding="utf-8")
    problems = [
        f"{name}: {line}"
        for name in ("app1", "app2")
        for line in log_since(name, offsets[name])
        if loadtest.SERVER_PROBLEM.search(line)
    ]
    failures = [row for row in record["requests"] if row[4]]
    loadtest.print_failures(problems, lost, failures, record["task_errors"])
    if "error" in events:
        print(f"FAULT INJECTION FAILED: {events['error']}")
    killed_badly = killer is not None and ("error" in events or "in_rotation" not in events)
    return 1 if lost or failures or record["task_errors"] or problems or killed_badly else 0


if __name__ == "__main__":
    sys.exit(main())
