"""Who is signed in, read through the shared cache when there is one (AUTH_USER_CACHE_SECONDS).

Every signed-in request reads its user; with Redis configured that read costs a database
round trip the cache can answer. A cached user is returned only where Django's own
`auth.get_user` would return the same row: the session names that user through a backend
still configured, the backend would let them in (active), and the session's hash matches
the user's (a changed password signs the other sessions out). Anything else, and every
miss, goes through `auth.get_user` itself.

Saving or deleting a user replaces their entry with a marker for a while, and entries are
only ever added where none is: a request that read the row just before the change can never
put the old user back, so a password change or a deactivation reaches every server at once.
The marker is written before the row changes (a cache that cannot be written stops the
change, rather than let an old user be served), again after it, and once more when the
transaction commits (a transaction longer than the marker lasts). Every save does this,
signing in included: a sign-in that follows a password reset must not clear the reset's
marker.

If the cache cannot be read, the user is read from the database as without one.
"""

import logging

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, load_backend
from django.contrib.auth import middleware as auth_middleware
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

# How long a change keeps a user's entry out of the cache: longer than any request that
# read the row before the change takes to finish.
CHANGED_SECONDS = 60
CHANGED = "changed"

logger = logging.getLogger(__name__)


def cache_key(user_id) -> str:
    return f"signed-in-user:{user_id}"


def cached_user(request):
    """request.user, from the cache when it may be (see the module's docstring)."""
    try:
        user_id = request.session[auth.SESSION_KEY]
        backend_path = request.session[BACKEND_SESSION_KEY]
        session_hash = request.session[HASH_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    key = cache_key(user_id)
    try:
        user = cache.get(key)
    except Exception:  # the cache is down: read the user as if there were none
        logger.warning("the shared cache could not be read; users come from the database")
        return auth.get_user(request)
    if user is not None and user != CHANGED:
        allowed = getattr(load_backend(backend_path), "user_can_authenticate", None)
        if (
            allowed is not None
            and allowed(user)
            and constant_time_compare(session_hash, user.get_session_auth_hash())
        ):
            return user
    user = auth.get_user(request)
    if user.is_authenticated and str(user.pk) == str(user_id):
        try:
            cache.add(key, user, settings.AUTH_USER_CACHE_SECONDS)
        except Exception:  # nothing kept; the next request reads the database again
            logger.warning("the shared cache could not be written; the user is not kept")
    return user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, reading the user through the cache when AUTH_USER_CACHE_SECONDS is set."""

    def process_request(self, request):
        super().process_request(request)
        if settings.AUTH_USER_CACHE_SECONDS:
            request.user = SimpleLazyObject(lambda: _request_user(request))


def _request_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = cached_user(request)
    return request._cached_user


def forget_user(sender, instance, **kwargs) -> None:
    """A user about to be saved or deleted, or just saved or deleted: keep them out of the
    cache for a while (see the module's docstring). Errors are not caught: a change whose
    marker cannot be written must not happen."""
    if not settings.AUTH_USER_CACHE_SECONDS or instance.pk is None:
        return
    key = cache_key(instance.pk)
    cache.set(key, CHANGED, CHANGED_SECONDS)
    if kwargs.get("signal") in (post_save, post_delete):
        transaction.on_commit(lambda: cache.set(key, CHANGED, CHANGED_SECONDS))


def connect() -> None:
    """Called from CoreConfig.ready(), so every process that can change a user (the
    servers, the task worker, management commands) forgets them."""
    model = settings.AUTH_USER_MODEL
    signals = {"pre_save": pre_save, "post_save": post_save}
    signals |= {"pre_delete": pre_delete, "post_delete": post_delete}
    for name, signal in signals.items():
        signal.connect(forget_user, sender=model, dispatch_uid=f"core.forget_user.{name}")
