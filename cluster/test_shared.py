"""What several app servers must share, seen through the balancer: sessions, rate limits,
uploaded files and background jobs. Each test checks that both servers took part."""

import os
import re
import struct
import time
import uuid
import zlib

import pytest
import redis
from allauth.account.models import EmailAddress

from accounts.models import User
from cluster.balancer import SERVERS, Browser, served_by
from feedback.models import Grading
from interview.limits import START_LIMIT
from interview.models import Answer
from questions.figures import Figure

pytestmark = pytest.mark.usefixtures("cluster")
PASSWORD = "cluster-password-1"
# The start page's form, as bench/locustfile.py fills it in: one question, no time limit.
START_FORM = {"mode": "mix", "question_count": "1", "minutes": "", "top_up": "on"}
JOB_SECONDS = 30  # the worker polls every second


def new_user(**fields) -> User:
    """A confirmed account of its own, so that no two tests share a rate limit."""
    user = User.objects.create_user(
        email=f"cluster-{uuid.uuid4().hex[:12]}@cluster.example", password=PASSWORD, **fields
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def shared_cache() -> redis.Redis:
    """The cluster's Redis, where the limits must count (REDIS_URL, from cluster.sh env)."""
    return redis.Redis.from_url(os.environ["REDIS_URL"])


def signed_in(user: User) -> Browser:
    browser = Browser()
    response = browser.sign_in(user.email, PASSWORD)
    assert response.status_code == 302, response.text[:300]
    return browser


def png(width: int = 3, height: int = 2) -> bytes:
    """A small valid PNG, different each time (a figure's bytes identify it)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(
        b"\0" + uuid.uuid4().bytes[: 3 * width].ljust(3 * width, b"\0") for _ in range(height)
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_session_holds_on_both_servers_and_signing_out_on_one_ends_it_on_the_other():
    browser = signed_in(new_user())
    for server in SERVERS:
        response = browser.get_on(server, "/interviews/")
        assert response.status_code == 200, f"{server} did not know the session"

    response = browser.post("/accounts/logout/", {})
    assert response.status_code == 302
    other = next(server for server in SERVERS if server != served_by(response))
    response = browser.get_on(other, "/interviews/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_failed_sign_ins_count_across_both_servers():
    user = new_user()
    browser = Browser()
    seen = set()
    # allauth: 5 failed sign-ins per account in 5 minutes (config/settings_accounts.py).
    for attempt in range(5):
        server = SERVERS[attempt % 2]
        response = browser.sign_in(user.email, "not-the-password", on=server)
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.text
        seen.add(served_by(response))
    assert seen == set(SERVERS)
    response = browser.sign_in(user.email, PASSWORD)  # right, but too late
    assert response.status_code != 302
    assert "sessionid" not in browser.session.cookies
    assert shared_cache().keys("mi:1:allauth:rl:allauth.account:login_failed:*")


def test_interview_starts_count_across_both_servers():
    user = new_user()
    browser = signed_in(user)
    seen = set()

    def start():
        page = browser.get("/interviews/")
        token = Browser.token(page.text)
        return browser.post("/interviews/", {**START_FORM, "token": token})

    for _ in range(START_LIMIT):
        response = start()
        if response.status_code == 302:  # ended at once: at most 10 may stay unfinished
            assert browser.post(f"{response.headers['Location']}end/", {}).status_code == 302
        assert response.status_code == 302, re.findall(
            r'class="errorlist[^>]*>(.*?)</ul>', response.text, re.S
        )
        seen.add(served_by(response))
    assert seen == set(SERVERS)
    assert start().status_code == 429  # the interviews both servers started, counted


def test_a_figure_uploaded_through_one_server_is_served_by_the_other():
    browser = signed_in(new_user(is_staff=True, is_superuser=True))
    image = png()
    browser.get("/admin/questions/figure/add/")
    response = browser.session.post(
        f"{browser.base}/admin/questions/figure/upload/",
        files={"image": ("chart.png", image, "image/png")},
        data={"alt": "a chart"},
        headers={"X-CSRFToken": browser.session.cookies["csrftoken"]},
        timeout=30,
    )
    assert response.status_code == 201, response.text[:300]
    url = response.json()["url"]
    assert (
        Figure.objects.get(pk=response.json()["id"]).file.storage.__class__.__name__ == "S3Storage"
    )
    other = next(server for server in SERVERS if server != served_by(response))
    served = browser.get_on(other, url)
    assert served.status_code == 200 and served.content == image


def test_a_job_queued_by_a_server_is_run_by_the_worker(grader):
    user = new_user()
    browser = signed_in(user)
    page = browser.get("/interviews/")
    response = browser.post("/interviews/", {**START_FORM, "token": Browser.token(page.text)})
    assert response.status_code == 302
    play = response.headers["Location"]
    question = browser.get(play).headers["Location"]
    assert browser.get(question).status_code == 200
    answer = Answer.objects.get(interview__user=user, position=1)
    assert answer.key_points_snapshot  # every question of the bank has key points
    response = browser.post(
        f"{question}submit/",
        {
            "action": "submit",
            "text": "LoRA 只训练低秩矩阵。",
            "revision": str(int(time.time() * 1000)),
        },
        headers={"HX-Request": "true", "X-CSRFToken": browser.session.cookies["csrftoken"]},
    )
    assert response.status_code == 200, response.text[:300]
    grading = Grading.objects.get(answer=answer)
    deadline = time.monotonic() + JOB_SECONDS
    while grading.status == Grading.Status.PENDING and time.monotonic() < deadline:
        time.sleep(0.2)
        grading.refresh_from_db()
    assert grading.status == Grading.Status.DONE, grading.error
    assert grader.requests
