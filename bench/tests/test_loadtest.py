"""A short run of `make loadtest`: four candidates, a few seconds, on a throwaway SQLite."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CANDIDATES = 4
QUESTIONS = 5


@pytest.mark.slow
def test_candidates_under_load_lose_nothing(tmp_path):
    # The harness reads its own variables; none of the test run's Django settings leak in.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LOADTEST_", "DATABASE_URL", "GUNICORN_"))
    } | {
        "LOADTEST_USERS": str(CANDIDATES),
        "LOADTEST_SPAWN_RATE": str(CANDIDATES),
        "LOADTEST_AUTOSAVE_INTERVAL": "0.2",
        "LOADTEST_THINK_TIME": "0.1",
        # Upper bounds for a busy machine; the run ends as soon as every candidate is done.
        "LOADTEST_RUN_TIME": "90",
        "LOADTEST_RESULTS": str(tmp_path),
        "LOADTEST_DATABASE_URL": f"sqlite:///{tmp_path / 'loadtest.sqlite3'}",
        "WEB_CONCURRENCY": "2",
    }
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "bench" / "loadtest.py")],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    summary = json.loads((tmp_path / "loadtest-summary.json").read_text(encoding="utf-8"))
    assert summary["lost"] == [], output
    assert summary["errors"] == [] and summary["stopped"] == [], output
    assert summary["server_problems"] == [], output
    assert result.returncode == 0, output
    # Every candidate went all the way through, and every answer was checked.
    assert summary["finished"] == CANDIDATES
    assert summary["checked"] == CANDIDATES * QUESTIONS
    counts = summary["counts"]
    assert counts["sign-in"] == counts["start"] == counts["review"] == CANDIDATES
    assert counts["autosave"] == CANDIDATES * QUESTIONS * 3
    assert counts["submit"] == CANDIDATES * QUESTIONS
    assert counts["rate"] >= CANDIDATES * QUESTIONS
    # One redirect to the first question; after that, the reveal links the next directly.
    assert counts["first question (redirect)"] == CANDIDATES
    assert counts["question page"] == CANDIDATES * QUESTIONS
    assert "| **all** |" in result.stdout
