"""The local cluster for its own tests (`make cluster-test`; `make test` never collects them).

The session starts the cluster afresh (deploy/cluster/cluster.sh stop, then start), with
a fake OpenAI-compatible grader of its own so that a submitted answer queues a real job,
and stops it at the end. The tests reach the site through HAProxy only, and read the
cluster's database (mi_cluster, from `cluster.sh env`, which `make cluster-test` exports).
"""

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "deploy" / "cluster" / "cluster.sh"
GRADER_PORT = int(os.environ.get("CLUSTER_GRADER_PORT", "18089"))


class FakeGrader:
    """An OpenAI-compatible chat endpoint that finds every key point missing."""

    def __init__(self, port: int):
        self.requests: list[str] = []
        grader = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                grader.requests.append(self.path)
                content = json.dumps({"points": [{"point": 1, "verdict": "missing"}]})
                body = json.dumps({"choices": [{"message": {"content": content}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.base_url = f"http://127.0.0.1:{port}/v1"
        # What the app servers and the worker need to use it.
        self.environment = {"OPENAI_BASE_URL": self.base_url, "OPENAI_MODEL": "fake-grader"}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def grader():
    with FakeGrader(GRADER_PORT) as fake:
        yield fake


@pytest.fixture(scope="session")
def cluster(grader, django_db_blocker):
    """The running cluster; its database is open to the tests (no test database)."""
    env = os.environ | grader.environment
    subprocess.run([SCRIPT, "stop"], check=True)
    subprocess.run([SCRIPT, "start"], env=env, check=True)
    try:
        with django_db_blocker.unblock():
            yield
    finally:
        subprocess.run([SCRIPT, "stop"], check=True)
