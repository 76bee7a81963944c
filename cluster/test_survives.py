"""The load test through the balancer, one app server killed with SIGKILL mid-exam and
started again: no answer may be lost (cluster/loadtest.py says what was seen)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

LOADTEST = Path(__file__).resolve().parent / "loadtest.py"


@pytest.mark.usefixtures("cluster")
def test_a_class_loses_no_answer_when_an_app_server_is_killed_mid_exam(grader):
    # The restarted server gets the same environment as the others (the grader's too).
    env = os.environ | grader.environment
    result = subprocess.run(
        [sys.executable, LOADTEST], env=env, capture_output=True, text=True, timeout=900
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "**Lost: 0. Errors: 0.**" in result.stdout
    assert "killed with SIGKILL" in result.stdout
