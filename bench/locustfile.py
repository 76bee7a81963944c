"""Simulated candidates for `make loadtest`; bench/loadtest.py runs this with Locust.

Each candidate signs in through the real form, waits until every candidate has signed in
(a class sitting a mock exam starts together), starts a 5-question interview, and for each
question opens the page, autosaves three times with rising revisions, submits, rates and
goes on; at the end it opens the review. Every text it sends is unique, and what it sent
last for each answer is written to LOADTEST_RECORD with every request's timing, so the
harness can check the database afterwards.
"""

import itertools
import json
import os
import random
import re
import time

import gevent
import requests
from gevent.event import Event
from locust import HttpUser, events, task
from locust.exception import StopUser
from requests.adapters import HTTPAdapter

CANDIDATES = int(os.environ["LOADTEST_USERS"])
EMAIL = os.environ["LOADTEST_EMAIL"]  # a format string taking the candidate's number
PASSWORD = os.environ["LOADTEST_PASSWORD"]
RECORD_PATH = os.environ["LOADTEST_RECORD"]
AUTOSAVE_INTERVAL = float(os.environ.get("LOADTEST_AUTOSAVE_INTERVAL", "2"))
THINK_TIME = float(os.environ.get("LOADTEST_THINK_TIME", "1"))
TIMEOUT = float(os.environ.get("LOADTEST_REQUEST_TIMEOUT", "60"))
ONE_ADDRESS = os.environ.get("LOADTEST_ONE_ADDRESS") == "1"
# With faults injected (`make loadtest FAULTS=1`), candidates do what the page does when the
# server is briefly away: a 503 (the database is down) is tried again after its Retry-After,
# a connection cut off (a worker killed) after a second; for at most this many seconds.
RETRY_FOR = float(os.environ.get("LOADTEST_RETRY_FOR", "0"))
QUESTIONS = 5
AUTOSAVES = 3
START_PAGE = "/interviews/"
CSRF_FIELD = r'name="csrfmiddlewaretoken" value="([^"]+)"'
NEXT_LINK = r'class="actions next-actions[^"]*"><a class="button button-primary" href="([^"]+)"'
STATIC_FILE = re.compile(r'(?:src|href)="(/static/[^"]+)"')
ANSWER_TEXT = (
    "LoRA 冻结预训练权重，只训练低秩矩阵 A 和 B；B 初始化为 0，所以一开始增量为 0。"
    "推理时可以把 BA 合并回原权重，不增加延迟。秩 r 通常取 8 到 64，学习率比全量微调高。"
)

numbers = itertools.count()
signed_in = Event()  # set once every candidate has tried to sign in
record = {"requests": [], "task_errors": [], "candidates": [], "exam_started": None}
tried_sign_in = 0
done = 0


def candidate_address(number: int) -> str:
    """A loopback address of the candidate's own (127.0.1.1, 127.0.1.2, …), as each
    candidate in a class has their own; the sign-in rate limit counts per address."""
    if ONE_ADDRESS:
        return "127.0.0.1"
    return f"127.0.{1 + number // 250}.{1 + number % 250}"


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class CandidateStopped(Exception):
    """A request went wrong; the request itself is already counted as an error."""


def find(pattern: str, html: str, what: str) -> str:
    match = re.search(pattern, html)
    if match is None:
        raise CandidateStopped(f"no {what} on the page")
    return match.group(1)


def pause(mean: float) -> None:
    """Wait about `mean` seconds, between half and one and a half times it: people differ,
    and identical pauses would keep 200 candidates sending each request in lockstep."""
    gevent.sleep(random.uniform(0.5, 1.5) * mean)


def revision_after(previous: int) -> int:
    """Milliseconds since 1970, as the page sends, and always above the last one."""
    return max(int(time.time() * 1000), previous + 1)


def mark_exam_started(moment: float) -> None:
    """Tell the harness (bench/faults.py counts from this moment)."""
    marker = os.environ.get("LOADTEST_EXAM_MARKER")
    if marker:
        with open(marker, "w", encoding="utf-8") as handle:
            handle.write(repr(moment))


def retried(response) -> bool:
    """A 503, or a connection refused or cut (not a slow answer: the page waits for that);
    behind a load balancer also its 502 or 504 for a server that went away mid-request."""
    if response.status_code in (502, 503, 504):
        return True
    error = getattr(response, "error", None)
    return (
        response.status_code == 0
        and isinstance(error, requests.exceptions.ConnectionError)
        and not isinstance(error, requests.exceptions.ReadTimeout)
    )


def retry_after(response) -> float:
    """Seconds to wait before sending again: the server's Retry-After, else one."""
    try:
        return min(max(float(response.headers.get("Retry-After", 1)), 0.1), 30)
    except (TypeError, ValueError):
        return 1.0


@events.request.add_listener
def on_request(name, response_time, start_time, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    error = str(exception) if exception else None
    record["requests"].append([name, round(start_time, 4), round(response_time, 2), status, error])


@events.user_error.add_listener
def on_user_error(user_instance, exception, tb, **kwargs):
    record["task_errors"].append(f"{type(exception).__name__}: {exception}")


@events.quitting.add_listener
def write_record(environment, **kwargs):
    with open(RECORD_PATH, "w", encoding="utf-8") as handle:
        json.dump(record, handle)


def candidate_finished(environment) -> None:
    """When the last candidate is done, end the run instead of idling until the time limit."""
    global done
    done += 1
    if done >= CANDIDATES:
        gevent.spawn(environment.runner.quit)


class Candidate(HttpUser):
    """One candidate taking one interview."""

    def on_start(self):
        self.number = next(numbers)
        self.client.mount("http://", SourceAddressAdapter(candidate_address(self.number)))
        self.me = {
            "email": EMAIL.format(self.number),
            "interview": None,
            "finished": False,
            "answers": {},
        }
        record["candidates"].append(self.me)
        self.csrf = ""
        self.revision = 0
        self.cached: set[str] = set()

    def send(
        self,
        kind: str,
        method: str,
        path: str,
        expect: tuple[int, ...],
        check=None,
        after_retry: tuple[int, ...] = (),
        **kw,
    ):
        """One request, named by its kind; any other status stops this candidate. `check`
        may find fault with a response of the right status: it counts as an error too.
        Under RETRY_FOR, a 503 or a cut connection is recorded (without an error) and the
        request sent again, as the page does; once it was, `after_retry` statuses count as
        expected too (the attempt that was cut off may have been done already)."""
        give_up = time.monotonic() + RETRY_FOR
        while True:
            with self.client.request(
                method,
                path,
                name=kind,
                catch_response=True,
                allow_redirects=False,
                timeout=TIMEOUT,
                **kw,
            ) as response:
                status = response.status_code
                if retried(response) and time.monotonic() < give_up:
                    response.success()  # a retry, counted as such from its status
                    wait = retry_after(response)
                    expect = (*expect, *after_retry)
                else:
                    if status not in expect:
                        reason = getattr(response, "error", None) or f"HTTP {status}"
                        response.failure(f"{reason} (expected {'/'.join(map(str, expect))})")
                        raise CandidateStopped(f"{kind} {path}: {reason}")
                    fault = check(response) if check else None
                    if fault:
                        response.failure(fault)
                    else:
                        response.success()  # an expected 409 too, which Locust would fail
                    return response
            gevent.sleep(wait)

    def page(self, kind: str, path: str) -> str:
        """An HTML page, with the static files it names that the browser has not cached yet
        (they are hashed and cached for a year, so each is fetched once)."""
        html = self.send(kind, "GET", path, (200,)).text
        for asset in STATIC_FILE.findall(html):
            if asset not in self.cached:
                self.send("static file", "GET", asset, (200,))
                self.cached.add(asset)
        return html

    def post(self, kind: str, path: str, data: dict, expect=(200,), htmx=True, check=None, **kw):
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf} if htmx else {}
        return self.send(kind, "POST", path, expect, check, data=data, headers=headers, **kw)

    def follow(self, kind: str, response) -> str:
        location = response.headers.get("Location", "")
        if not location.startswith("/"):
            raise CandidateStopped(f"{kind}: redirected to {location!r}")
        return location

    @task
    def take_interview(self):
        global tried_sign_in
        try:
            try:
                self.sign_in()
            finally:
                tried_sign_in += 1
                if tried_sign_in >= CANDIDATES:
                    record["exam_started"] = time.time()
                    mark_exam_started(record["exam_started"])
                    signed_in.set()
            signed_in.wait()
            pause(THINK_TIME)  # everyone was told to start now
            self.interview()
            self.me["finished"] = True
        except CandidateStopped as error:
            record["task_errors"].append(f"{self.me['email']}: {error}")
        except Exception as error:  # a fault in this script: report it, never retry the task
            record["task_errors"].append(f"{self.me['email']}: {type(error).__name__}: {error}")
        candidate_finished(self.environment)
        raise StopUser()

    def sign_in(self) -> None:
        login = f"/accounts/login/?next={START_PAGE}"
        page = self.page("sign-in page", login)
        csrf = find(CSRF_FIELD, page, "CSRF field")
        data = {
            "csrfmiddlewaretoken": csrf,
            "login": self.me["email"],
            "password": PASSWORD,
            "next": START_PAGE,
        }
        response = self.post("sign-in", "/accounts/login/", data, expect=(302,), htmx=False)
        if self.follow("sign-in", response) != START_PAGE:
            raise CandidateStopped("sign-in did not lead to the start page")

    def interview(self) -> None:
        page = self.page("start page", START_PAGE)
        data = {
            "csrfmiddlewaretoken": find(CSRF_FIELD, page, "CSRF field"),
            "token": find(r'name="token" value="([^"]+)"', page, "start token"),
            "mode": "mix",
            "question_count": str(QUESTIONS),
            "minutes": "",
            "prefer_unseen": "on",
            "top_up": "on",
        }
        response = self.post("start", START_PAGE, data, expect=(302,), htmx=False)
        play = self.follow("start", response)
        self.me["interview"] = int(find(r"^/interviews/(\d+)/$", play, "interview number"))
        response = self.send("first question (redirect)", "GET", play, (302,))
        question = self.follow("first question (redirect)", response)
        for position in range(1, QUESTIONS + 1):
            if question != f"{play}q/{position}/":
                raise CandidateStopped(f"expected question {position}, was sent to {question}")
            following = self.answer(question, position)
            if position < QUESTIONS:
                pause(THINK_TIME)
                question = following  # the reveal's "Next question" link
        self.page("review", f"{play}review/")

    def answer(self, url: str, position: int) -> str:
        """Type, submit and rate one question; returns where the reveal's "Next question"
        (or "See the summary") link leads."""
        page = self.page("question page", url)
        self.csrf = find(r'"X-CSRFToken": "([^"]+)"', page, "htmx CSRF header")
        sent = {"draft": "", "draft_pending": None}
        self.me["answers"][str(position)] = sent
        for typed in range(1, AUTOSAVES + 1):
            pause(AUTOSAVE_INTERVAL)
            self.revision = revision_after(self.revision)
            text = self.text(position, typed)
            sent["draft_pending"] = text
            data = {"text": text, "revision": str(self.revision)}
            self.post("autosave", f"{url}autosave/", data, check=self.draft_kept)
            sent["draft"], sent["draft_pending"] = text, None
        pause(THINK_TIME)
        self.revision = revision_after(self.revision)
        text = self.text(position, AUTOSAVES + 1)
        sent["submit_pending"] = text
        data = {"action": "submit", "text": text, "revision": str(self.revision)}
        # A submit cut off by a server going away may have been kept: sent again, it gets
        # a 409 with the kept answer's reveal, which the page shows as it is.
        reveal = self.post("submit", f"{url}submit/", data, after_retry=(409,)).text
        sent["submitted"], sent["submit_pending"] = text, None
        following = find(NEXT_LINK, reveal, '"Next question" link')
        # Some candidates change their mind about the rating; the last one must count.
        for _ in range(2 if random.random() < 0.2 else 1):
            pause(THINK_TIME)
            rating = random.randint(1, 4)
            sent["rating_pending"] = rating
            self.post("rate", f"{url}rate/", {"rating": str(rating)})
            sent["rating"], sent["rating_pending"] = rating, None
        return following

    def draft_kept(self, response) -> str | None:
        """The page trusts only what the server says it kept: it must be this revision."""
        saved = response.headers.get("X-Draft-Saved"), response.headers.get("X-Draft-Revision")
        if saved != ("1", str(self.revision)):
            return f"draft not kept: X-Draft-Saved, X-Draft-Revision = {saved}"
        return None

    def text(self, position: int, step: int) -> str:
        """What the candidate has typed so far: longer each time, and never sent twice."""
        stamp = f"[{self.me['email']} q{position} r{self.revision}]"
        return f"{stamp} {ANSWER_TEXT * step}"
