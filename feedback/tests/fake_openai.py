"""A fake OpenAI-compatible chat endpoint for the grader's tests: stdlib http.server in a
thread, answering each POST /chat/completions with what the test set."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeOpenAI:
    def __init__(self):
        self.status = 200
        self.content = "{}"  # the message content the "model" replies with
        self.raw: bytes | None = None  # or a whole raw body
        self.hold = threading.Event()  # set by the test: a held request may answer
        self.holding = False
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                fake.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                if fake.holding:
                    fake.hold.wait(timeout=10)
                body = (
                    fake.raw
                    or json.dumps(
                        {"choices": [{"message": {"role": "assistant", "content": fake.content}}]}
                    ).encode()
                )
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reply(self, points: list[dict]) -> None:
        self.content = json.dumps({"points": points}, ensure_ascii=False)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()
