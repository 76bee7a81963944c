"""A database outage is answered 503 with Retry-After, never 500 with a traceback.

Each outage request runs in a thread of its own: Django gives it a connection of its own,
which the test points at nowhere (or closes) while the test's own connection stays fine.
"""

import json
import logging
import sqlite3
import threading

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, connections
from django.test import Client

from core import outage
from testsupport import english_client

pytestmark = pytest.mark.django_db(transaction=True)

INTERVIEWS = "/interviews/"
AUTOSAVE = "/interviews/1/q/1/autosave/"


@pytest.fixture(autouse=True)
def fresh_outage_log():
    outage.outage_log.down_since = None
    yield
    outage.outage_log.down_since = None


def unreachable(settings_dict: dict) -> dict:
    """The same database, but where nothing answers: a closed port, a missing directory."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return settings_dict | {"NAME": "/nonexistent-directory/db.sqlite3"}
    return settings_dict | {"HOST": "127.0.0.1", "PORT": "1"}


def in_thread(send, *, database_down: bool = True):
    """Run `send()` in a thread whose database connection cannot connect (or a working one,
    for views that break it themselves); returns what it returned."""
    result = {}

    def run():
        database = connections["default"]
        if database_down:
            database.settings_dict = unreachable(database.settings_dict)
        try:
            result["response"] = send()
        except BaseException as error:  # hand it to the test's thread
            result["error"] = error
        finally:
            database.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in result:
        raise result["error"]
    return result["response"]


@pytest.fixture
def signed_in(django_user_model):
    user = django_user_model.objects.create_user("outage@example.com", "a-long-password-42")
    client = english_client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_a_page_while_the_database_is_down_is_503_with_retry_after(signed_in, caplog):
    response = in_thread(lambda: signed_in.get(INTERVIEWS))
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "Briefly unavailable" in page and "Nothing you saved is lost" in page
    assert "Traceback" not in page and "HX-Trigger" not in response
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_the_page_speaks_the_readers_language(django_user_model):
    client = Client(raise_request_exception=False)  # the site's default language: Chinese
    client.force_login(django_user_model.objects.create_user("zh@example.com", "a-pass-42-x"))
    response = in_thread(lambda: client.get(INTERVIEWS))
    assert response.status_code == 503
    assert "暂时无法使用" in response.content.decode()


def test_an_htmx_save_gets_a_header_the_page_understands(signed_in):
    send = lambda: signed_in.post(AUTOSAVE, {"text": "x"}, headers={"HX-Request": "true"})  # noqa: E731
    response = in_thread(send)
    assert response.status_code == 503
    assert response["HX-Reswap"] == "none"
    detail = json.loads(response["HX-Trigger"])["server-unavailable"]
    assert detail["saving"].startswith("Reconnecting…")
    assert detail["retryAfter"] == outage.RETRY_AFTER_SECONDS
    response["HX-Trigger"].encode("ascii")  # a header must be plain ASCII


@pytest.mark.parametrize("url", ["/query-after-drop/", "/session-after-drop/"])
def test_a_connection_closed_under_a_request_is_503_not_500(settings, url):
    settings.ROOT_URLCONF = "core.tests.outage_urls"
    client = english_client(raise_request_exception=False)
    response = in_thread(lambda: client.get(url), database_down=False)
    assert response.status_code == 503, response.content[:300]
    assert "Briefly unavailable" in response.content.decode()


def test_a_connection_the_server_terminates_is_503_not_500(settings):
    if connections["default"].vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    settings.ROOT_URLCONF = "core.tests.outage_urls"
    client = english_client(raise_request_exception=False)
    response = in_thread(lambda: client.get("/terminated/"), database_down=False)
    assert response.status_code == 503


@pytest.mark.parametrize("url", ["/integrity-error/", "/locked/"])
def test_ordinary_database_errors_are_still_500(settings, url):
    settings.ROOT_URLCONF = "core.tests.outage_urls"
    response = english_client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert outage.outage_log.down is False


def test_one_log_line_per_outage_and_one_when_it_is_over(signed_in, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(3):
        assert in_thread(lambda: signed_in.get(INTERVIEWS)).status_code == 503
    down = [record for record in caplog.records if "database unavailable" in record.message]
    assert len(down) == 1 and down[0].name == "core.outage"
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    # The next request that works notices the database is back.
    assert signed_in.get(INTERVIEWS).status_code == 200
    back = [record for record in caplog.records if "database back after" in record.message]
    assert len(back) == 1 and outage.outage_log.down is False


def test_readiness_checks_the_database_and_liveness_does_not(client):
    ready = client.get("/readyz/")
    assert (ready.status_code, ready.content) == (200, b"ok")
    down = in_thread(lambda: Client().get("/readyz/"))
    assert down.status_code == 503 and down["Retry-After"]
    assert in_thread(lambda: Client().get("/healthz/")).status_code == 200


class Cause(Exception):
    def __init__(self, sqlstate=None):
        self.sqlstate = sqlstate


class OperationalCause(Cause):
    pass


OperationalCause.__name__ = "OperationalError"


def wrapped(error_class, cause):
    error = error_class(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "outage_"),
    [
        (wrapped(OperationalError, OperationalCause(None)), True),  # connection refused
        (wrapped(OperationalError, OperationalCause("57P01")), True),  # admin shutdown
        (wrapped(OperationalError, OperationalCause("57P03")), True),  # starting up
        (wrapped(OperationalError, OperationalCause("08006")), True),  # connection failure
        (wrapped(InterfaceError, Cause()), True),  # the connection is closed
        (wrapped(OperationalError, OperationalCause("40P01")), False),  # deadlock
        (wrapped(OperationalError, OperationalCause("57014")), False),  # statement timeout
        (wrapped(IntegrityError, Cause("23505")), False),
        (wrapped(OperationalError, sqlite3.OperationalError("database is locked")), False),
        (
            wrapped(OperationalError, sqlite3.OperationalError("unable to open database file")),
            True,
        ),
        (OperationalError("no cause"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_what_counts_as_the_database_being_unreachable(error, outage_):
    assert outage.is_database_unavailable(error) is outage_
