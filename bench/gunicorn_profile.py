"""A gunicorn config that profiles the requests a real worker serves.

    .venv/bin/gunicorn config.wsgi -c bench/gunicorn_profile.py --workers 1 ...

Each worker runs every request it handles under cProfile (HTTP parsing and writing the
response included) and, when it stops, writes `worker-<pid>.prof` into GUNICORN_PROFILE_DIR
(default /tmp). Compare its calls per request with `make profile`'s, which sends the same
requests through Django's test client in one process.
"""

import cProfile
import os
from pathlib import Path

_profiles = {}


def post_worker_init(worker):
    profile = _profiles["profile"] = cProfile.Profile()
    handle = worker.handle_request

    def profiled(*args, **kwargs):
        profile.enable()
        try:
            return handle(*args, **kwargs)
        finally:
            profile.disable()

    worker.handle_request = profiled


def worker_exit(server, worker):
    if "profile" in _profiles:
        folder = Path(os.environ.get("GUNICORN_PROFILE_DIR", "/tmp"))
        _profiles["profile"].dump_stats(folder / f"worker-{os.getpid()}.prof")
