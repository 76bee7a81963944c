"""The fault injection of `make loadtest FAULTS=1`, without stopping any real database: a
worker killed in a process tree of our own, stand-in commands for the database, and the
figures counted from rows of our own."""

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.faults import FaultInjector, FaultPlan, fault_figures, fault_lines, worker_pids

# A "master" with two "workers" that sleep until killed.
MASTER = (
    "import subprocess, sys, time\n"
    "workers = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])"
    " for _ in range(2)]\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def dies(pid: int) -> bool:
    """Whether the process ends (a zombie until its parent waits counts) within 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def test_a_worker_is_killed_and_the_database_is_started_again(tmp_path):
    log = tmp_path / "database.log"
    marker = [sys.executable, "-c", f"open({str(log)!r}, 'a').write(__import__('sys').argv[1])"]
    plan = FaultPlan(
        kill_at=0.0,
        stop_at=0.1,
        down_for=0.5,
        stop_command=[*marker, "stop "],
        start_command=[*marker, "start"],
    )
    master = subprocess.Popen([sys.executable, "-c", MASTER], stdout=subprocess.PIPE, text=True)
    try:
        assert master.stdout.readline().strip() == "ready"
        workers = worker_pids(master.pid)
        assert len(workers) == 2
        injector = FaultInjector(plan, master.pid, stop_database=True)
        injector.start()
        injector.join(timeout=30)
        events = injector.events
        assert "fault_error" not in events
        assert events["worker_pid"] in workers
        assert dies(events["worker_pid"])
        assert log.read_text() == "stop start"
        assert events["database_back"] - events["database_stopped"] >= plan.down_for
    finally:
        master.kill()
        master.wait()


def test_the_database_is_started_again_when_the_run_ends_during_the_outage(tmp_path):
    log = tmp_path / "database.log"
    marker = [sys.executable, "-c", f"open({str(log)!r}, 'a').write(__import__('sys').argv[1])"]
    plan = FaultPlan(
        kill_at=60.0,  # never reached: the run ends first
        stop_at=0.0,
        down_for=1.0,
        stop_command=[*marker, "stop "],
        start_command=[*marker, "start"],
    )
    injector = FaultInjector(plan, os.getpid(), stop_database=True)
    injector.start()
    deadline = time.monotonic() + 30
    while "database_stopped" not in injector.events and time.monotonic() < deadline:
        time.sleep(0.05)
    injector.finish()
    assert log.read_text() == "stop start"
    assert "worker_killed" not in injector.events


def test_the_schedule_counts_from_the_exam_start(tmp_path):
    log = tmp_path / "database.log"
    marker = [sys.executable, "-c", f"open({str(log)!r}, 'a').write(__import__('sys').argv[1])"]
    plan = FaultPlan(
        kill_at=60.0,
        stop_at=0.0,
        down_for=0.0,
        stop_command=[*marker, "stop "],
        start_command=[*marker, "start"],
    )
    exam = {"started": None}
    injector = FaultInjector(plan, os.getpid(), stop_database=True, begins=lambda: exam["started"])
    injector.start()
    injector.join(timeout=0.5)
    assert not log.exists()  # nothing happens before the exam starts
    exam["started"] = time.time()
    deadline = time.monotonic() + 30
    while "database_back" not in injector.events and time.monotonic() < deadline:
        time.sleep(0.05)
    injector.finish()
    assert log.read_text() == "stop start"
    assert injector.events["schedule_start"] == exam["started"]


def row(kind, start, status, error=None, ms=100.0):
    return [kind, start, ms, status, error]


def test_the_figures_count_503s_retries_5xx_and_the_recovery():
    back = 1000.0
    requests = [
        row("autosave", 990.0, 503),  # retried
        row("autosave", 993.0, 503),  # retried
        row("submit", 995.0, 0),  # a cut connection, retried
        row("rate", 996.0, 503, "HTTP 503 (expected 200)"),  # given up
        row("static file", 1000.1, 200),  # needs no database: not the recovery
        row("autosave", 1000.2, 503),  # the database is not back for this worker yet
        row("autosave", 1001.0, 200),  # the first success: ends at 1001.1
        row("submit", 1002.0, 500, "HTTP 500 (expected 200)"),
    ]
    figures = fault_figures(requests, {"database_back": back})
    assert figures["unavailable"] == 4 and figures["unavailable_failed"] == 1
    assert figures["retries"] == 4 and figures["cut_connections"] == 1
    assert figures["server_errors"] == 1
    assert round(figures["recovery_seconds"], 2) == 1.1
    assert round(figures["last_503_after_back"], 2) == 0.3
    events = {"database_back": back, "database_stopping": 985.0, "schedule_start": 900.0}
    lines = fault_lines(figures, events, FaultPlan())
    assert "back at 100.0 s" in lines[0]
    assert "**503s seen: 4**" in lines[1] and "**retries: 4**" in lines[1]
    assert "succeeded 1.10 s after the database was back" in lines[2]


def test_without_an_outage_there_is_no_recovery_to_time():
    figures = fault_figures([row("autosave", 1.0, 200)], {"worker_killed": 0.5})
    assert figures["recovery_seconds"] is None and figures["unavailable"] == 0
    lines = fault_lines(figures, {"worker_killed": 0.5, "worker_pid": 7}, FaultPlan())
    assert "worker 7 killed (SIGKILL) at 0.5 s" in lines[0]
    assert "the database not stopped" in lines[0] and len(lines) == 2
