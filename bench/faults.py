"""`make loadtest FAULTS=1`: while the candidates answer, one gunicorn worker is killed with
SIGKILL and the database is stopped for a while; then what the candidates saw is counted.

The schedule counts seconds from the moment the exam starts (every candidate has signed in
and starts answering), so the faults hit the candidates mid-exam however long the sign-ins
took. Environment, with defaults:

  LOADTEST_KILL_AT=20            kill -9 one gunicorn worker
  LOADTEST_DB_STOP_AT=40         stop the database (PostgreSQL only) ...
  LOADTEST_DB_DOWN=10            ... for this many seconds, then start it again
  LOADTEST_DB_STOP="pg_ctlcluster 15 main stop -m fast"
  LOADTEST_DB_START="pg_ctlcluster 15 main start"

The database is started again whatever happens (the run ending early, an error, Ctrl-C).
"""

import os
import shlex
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

COMMAND_TIMEOUT = 120  # seconds a stop or start of the database may take


@dataclass
class FaultPlan:
    kill_at: float = float(os.environ.get("LOADTEST_KILL_AT", "20"))
    stop_at: float = float(os.environ.get("LOADTEST_DB_STOP_AT", "40"))
    down_for: float = float(os.environ.get("LOADTEST_DB_DOWN", "10"))
    stop_command: list[str] = field(
        default_factory=lambda: shlex.split(
            os.environ.get("LOADTEST_DB_STOP", "pg_ctlcluster 15 main stop -m fast")
        )
    )
    start_command: list[str] = field(
        default_factory=lambda: shlex.split(
            os.environ.get("LOADTEST_DB_START", "pg_ctlcluster 15 main start")
        )
    )


def worker_pids(master_pid: int) -> list[int]:
    """gunicorn's workers: the master's child processes (Linux's /proc)."""
    path = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in path.read_text().split()]
    except OSError:
        return []


class FaultInjector(threading.Thread):
    """Carries out a FaultPlan against a running server; `events` holds when each fault
    happened (seconds since 1970, as the load test's record has them)."""

    def __init__(
        self, plan: FaultPlan, master_pid: int, stop_database: bool, begins=None, answers=None
    ):
        """`begins()` gives the moment the schedule counts from (seconds since 1970), or
        None while it has not come yet; by default, when the thread starts. `answers()`
        says whether the database accepts a connection: the database is back from the
        first yes (the start command may return later); without it, when the command does."""
        super().__init__(daemon=True)
        self.begins = begins
        self.answers = answers
        self.plan = plan
        self.master_pid = master_pid
        self.stop_database = stop_database
        self.events: dict[str, float | int | str] = {}
        self.cancelled = threading.Event()
        self.database_down = False

    def run(self) -> None:
        started = time.time() if self.begins is None else None
        while started is None:
            if self.cancelled.wait(0.2):
                return
            started = self.begins()
        self.events["schedule_start"] = started
        faults = [(self.plan.kill_at, self.kill_worker)]
        if self.stop_database:
            faults.append((self.plan.stop_at, self.database_outage))
        try:
            for at, fault in sorted(faults, key=lambda pair: pair[0]):
                if self.cancelled.wait(max(0.0, started + at - time.time())):
                    return
                fault()
        except Exception as error:  # reported with the results, never left unsaid
            self.events["fault_error"] = f"{type(error).__name__}: {error}"
        finally:
            self.start_database()

    def kill_worker(self) -> None:
        workers = worker_pids(self.master_pid)
        if not workers:
            self.events["fault_error"] = "no gunicorn worker to kill"
            return
        os.kill(workers[0], signal.SIGKILL)
        self.events["worker_killed"] = time.time()
        self.events["worker_pid"] = workers[0]

    def database_outage(self) -> None:
        self.database_down = True
        self.events["database_stopping"] = time.time()
        subprocess.run(self.plan.stop_command, check=True, timeout=COMMAND_TIMEOUT)
        self.events["database_stopped"] = time.time()
        # Down for the planned time whether or not the run ends meanwhile.
        time.sleep(self.plan.down_for)
        self.start_database()

    def start_database(self) -> None:
        if not self.database_down:
            return
        starting = subprocess.Popen(self.plan.start_command)
        deadline = time.monotonic() + COMMAND_TIMEOUT
        back = None
        while self.answers is not None and back is None and time.monotonic() < deadline:
            if self.answers():
                back = time.time()
            else:
                time.sleep(0.05)
        if starting.wait(timeout=max(1.0, deadline - time.monotonic())) != 0:
            raise subprocess.CalledProcessError(starting.returncode, self.plan.start_command)
        self.database_down = False
        self.events["database_back"] = back or time.time()

    def finish(self) -> None:
        """End the plan early if the run is over, and wait until the database is up."""
        self.cancelled.set()
        self.join(timeout=COMMAND_TIMEOUT + self.plan.down_for + 10)
        self.start_database()  # the thread could not (it is stuck): try once more here


def fault_figures(requests: list[list], events: dict) -> dict:
    """What the candidates saw; `requests` holds [kind, start, ms, status, error] rows.

    A retried attempt is a 503 or a cut connection (status 0) recorded without an error.
    Recovery: from the database being back to the end of the first request after it that
    succeeded and needed the database (anything but a static file)."""
    unavailable = [row for row in requests if row[3] == 503]
    retried = [row for row in requests if row[3] in (0, 503) and not row[4]]
    figures = {
        "unavailable": len(unavailable),
        "unavailable_failed": sum(1 for row in unavailable if row[4]),
        "retries": len(retried),
        "cut_connections": sum(1 for row in retried if row[3] == 0),
        "server_errors": sum(1 for row in requests if row[3] >= 500 and row[3] != 503),
        "recovery_seconds": None,
        "last_503_after_back": None,
    }
    back = events.get("database_back")
    if back is not None:
        ends = sorted(
            row[1] + row[2] / 1000
            for row in requests
            if row[0] != "static file" and 200 <= row[3] < 400 and row[1] + row[2] / 1000 >= back
        )
        if ends:
            figures["recovery_seconds"] = ends[0] - back
        late = [row[1] + row[2] / 1000 - back for row in unavailable]
        late = [seconds for seconds in late if seconds >= 0]
        if late:
            figures["last_503_after_back"] = max(late)
    return figures


def fault_lines(figures: dict, events: dict, plan: FaultPlan) -> list[str]:
    """The report's paragraph on the faults; times from the moment the exam started."""
    started = events.get("schedule_start", 0.0)

    def at(name: str) -> str:
        return f"{events[name] - started:.1f} s" if name in events else "never"

    database = (
        f"the database stopped at {at('database_stopped')} (asked at "
        f"{at('database_stopping')}), back at {at('database_back')} (planned down time "
        f"{plan.down_for:g} s)"
        if "database_stopping" in events
        else "the database not stopped (only a PostgreSQL server is)"
    )
    lines = [
        f"Faults, in seconds after the exam started: gunicorn worker "
        f"{events.get('worker_pid', '?')} killed (SIGKILL) at {at('worker_killed')}; "
        f"{database}.",
        f"**503s seen: {figures['unavailable']}** ({figures['unavailable_failed']} not "
        f"retried in time); **retries: {figures['retries']}** "
        f"({figures['cut_connections']} after a cut connection); "
        f"**500s and other 5xx: {figures['server_errors']}**.",
    ]
    if figures["recovery_seconds"] is not None:
        lines.append(
            f"Recovery: the first request needing the database succeeded "
            f"{figures['recovery_seconds']:.2f} s after the database was back"
            + (
                f"; the last 503 ended {figures['last_503_after_back']:.2f} s after it."
                if figures["last_503_after_back"] is not None
                else "."
            )
        )
    if "fault_error" in events:
        lines.append(f"FAULT INJECTION FAILED: {events['fault_error']}")
    return lines
