"""Sessions read through the shared cache (`cached_db`) that outlast the cache going away.

With REDIS_URL set, sessions are kept in the database and read through Redis. Django's own
`cached_db` store already falls back to the database when a read fails, but then writes the
row it read back to the cache without catching an error, so every signed-in page would fail
while Redis is down, and an exam in progress with it. Here a session the cache cannot give
is read from the database and the page goes on; what cannot be written to the cache is
logged. Deleting a session (signing out) deletes it from the cache first: a session the
cache still holds must not come back once the cache answers again, so if that fails the
sign-out fails and the session stays whole.
"""

import logging

from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.warning(
                "the session cache could not be written; sessions come from the database"
            )
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("the session cache could not be read; sessions come from the database")
        return DatabaseStore.exists(self, session_key)

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self._cache.delete(self.cache_key_prefix + session_key)
        DatabaseStore.delete(self, session_key)
