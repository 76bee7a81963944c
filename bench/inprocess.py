#!/usr/bin/env python
"""CPU per request of one page served in this process through the WSGI handler: no
server, no socket, no test client. Compare with `make bench`'s "CPU ms a request", which
gunicorn's workers spend on the same page.

    .venv/bin/python bench/inprocess.py /history/ user0000@bench.example   # N=1500 requests
    .venv/bin/python bench/inprocess.py '/questions/?tag=fine-tuning' user0000@bench.example

Uses the benchmark's settings and database (bench/run.py's environment, seeded by `make
bench`), signed in as the user of that email (none: signed out).
"""

import io
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

from bench import run  # noqa: E402  (sets up Django and the benchmark's environment)


def main() -> None:
    path, _, query = (sys.argv[1] if len(sys.argv) > 1 else "/healthz/").partition("?")
    cookie = ""
    if len(sys.argv) > 2:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(email=sys.argv[2])
        cookie = run.session_cookie(user, csrf="")
    count = int(os.environ.get("N", "1500"))
    application = WSGIHandler()
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(line)

    def request() -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT_ENCODING": "gzip",
            "HTTP_COOKIE": cookie,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        response = application(environ, start_response)
        b"".join(response)
        response.close()

    for _ in range(min(count, 300)):  # warm up: imports, templates, kept pieces
        request()
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for _ in range(count):
        request()
    after, ended = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(
        f"{path} ({status[-1]}): CPU {cpu * 1000 / count:.2f} ms a request, "
        f"wall {(ended - started) * 1000 / count:.2f} ms, {count} requests"
    )


if __name__ == "__main__":
    main()
