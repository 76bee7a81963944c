"""Sessions read through the shared cache go on from the database while it is down."""

from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings

from core.sessions import SessionStore

LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
}

pytestmark = pytest.mark.django_db


def broken(*args, **kwargs):
    raise ConnectionError("the cache is down")


@pytest.fixture
def cached_sessions():
    with override_settings(
        CACHES=LOCAL_CACHES, SESSION_ENGINE="core.sessions", AUTH_USER_CACHE_SECONDS=300
    ):
        caches["default"].clear()
        yield caches["default"]


def cache_down(backend):
    names = ("get", "set", "add", "delete", "has_key", "__contains__")
    patches = [mock.patch.object(type(backend), name, broken) for name in names]
    for patch in patches:
        patch.start()
    return patches


def test_a_session_is_read_from_the_database_while_the_cache_is_down(cached_sessions):
    store = SessionStore()
    store["answer"] = "kept"
    store.save()
    key = store.session_key
    patches = cache_down(cached_sessions)
    try:
        again = SessionStore(key)
        assert again["answer"] == "kept"
        assert again.exists(key)
        again["answer"] = "changed"
        again.save()  # the database is written; the cache's failure is only logged
    finally:
        for patch in patches:
            patch.stop()
    assert SessionStore(key).decode(Session.objects.get(pk=key).session_data) == {
        "answer": "changed"
    }


def test_signing_out_while_the_cache_is_down_fails_and_keeps_the_session(cached_sessions):
    store = SessionStore()
    store["answer"] = "kept"
    store.save()
    patches = cache_down(cached_sessions)
    try:
        with pytest.raises(ConnectionError):
            store.delete()
    finally:
        for patch in patches:
            patch.stop()
    assert Session.objects.filter(pk=store.session_key).exists()
    assert SessionStore(store.session_key)["answer"] == "kept"


def test_a_signed_in_page_answers_while_the_cache_is_down(cached_sessions, login, user):
    client = login(user)
    assert client.get("/history/").status_code == 200
    patches = cache_down(cached_sessions)
    try:
        response = client.get("/history/")
    finally:
        for patch in patches:
            patch.stop()
    assert response.status_code == 200  # still signed in: signed out would redirect
