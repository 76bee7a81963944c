"""Signed-in users read through the shared cache (core/signed_in.py), never a stale one."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core.signed_in import CHANGED, cache_key

LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
}
PAGE = "/history/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_cache():
    with override_settings(CACHES=LOCAL_CACHES, AUTH_USER_CACHE_SECONDS=300):
        from django.core.cache import cache

        cache.clear()
        yield cache


def signed_in_a_while_ago(login, user, cache):
    """A client signed in as `user` after the marker its sign-in left has expired."""
    client = login(user)
    cache.delete(cache_key(user.pk))
    return client


def test_signing_in_leaves_a_marker_like_any_save(shared_cache, login, user):
    """A sign-in right after a password reset must not clear the reset's marker: an old
    session's request that read the row before the reset could then put the old user back."""
    old_session = signed_in_a_while_ago(login, user, shared_cache)
    user.set_password("a new password 123")
    user.save()
    stale = type(user).objects.get(pk=user.pk)
    stale.password = "the old hash"
    login(user)  # the reset signs its own browser in
    assert shared_cache.get(cache_key(user.pk)) == CHANGED
    assert shared_cache.add(cache_key(user.pk), stale) is False
    _reads, response = user_reads(old_session)
    assert response.status_code == 302


def broken(*args, **kwargs):
    raise ConnectionError("the cache is down")


def test_a_change_whose_marker_cannot_be_written_does_not_happen(shared_cache, user):
    user.is_active = False
    with mock.patch.object(caches["default"], "set", broken), pytest.raises(ConnectionError):
        user.save()
    assert type(user).objects.get(pk=user.pk).is_active


def test_a_cache_that_cannot_be_read_falls_back_to_the_database(shared_cache, login, user):
    client = signed_in_a_while_ago(login, user, shared_cache)
    backend = caches["default"]
    with mock.patch.object(backend, "get", broken), mock.patch.object(backend, "add", broken):
        reads, response = user_reads(client)
    assert (reads, response.status_code) == (1, 200)


def user_reads(client) -> int:
    """How many queries of a request to PAGE read the users' table; the response."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PAGE)
    return sum('FROM "accounts_user"' in q["sql"] for q in captured), response


def test_the_second_request_reads_the_user_from_the_cache(shared_cache, login, user):
    client = signed_in_a_while_ago(login, user, shared_cache)
    assert user_reads(client)[0] == 1
    reads, response = user_reads(client)
    assert reads == 0
    assert response.status_code == 200
    assert shared_cache.get(cache_key(user.pk)).pk == user.pk


def test_a_password_change_signs_other_sessions_out(shared_cache, login, user):
    client = signed_in_a_while_ago(login, user, shared_cache)
    user_reads(client)
    user.set_password("a new password 123")
    user.save()
    _reads, response = user_reads(client)
    assert response.status_code == 302  # to the sign-in page


@pytest.mark.parametrize("change", ["deactivate", "delete"])
def test_a_deactivated_or_deleted_user_is_signed_out(shared_cache, login, user, change):
    client = signed_in_a_while_ago(login, user, shared_cache)
    user_reads(client)
    if change == "deactivate":
        user.is_active = False
        user.save()
    else:
        user.delete()
    _reads, response = user_reads(client)
    assert response.status_code == 302


def test_a_user_changed_a_moment_ago_is_read_from_the_database(shared_cache, login, user):
    """A request that read the row before the change cannot put the old user back: the
    marker a change leaves is never overwritten by a read."""
    client = signed_in_a_while_ago(login, user, shared_cache)
    user.save()  # a change: its marker stands
    assert shared_cache.get(cache_key(user.pk)) == CHANGED
    assert user_reads(client)[0] == 1
    assert user_reads(client)[0] == 1
    assert shared_cache.get(cache_key(user.pk)) == CHANGED


def test_without_a_shared_cache_every_request_reads_the_database(login, user):
    with override_settings(CACHES=LOCAL_CACHES, AUTH_USER_CACHE_SECONDS=0):
        from django.core.cache import cache

        cache.clear()
        client = login(user)
        assert user_reads(client)[0] == 1
        assert user_reads(client)[0] == 1
        assert cache.get(cache_key(user.pk)) is None
