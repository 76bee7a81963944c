"""Django's Redis cache, with one Redis client per server kept for the process.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` around the server's
connection pool for every cache call. With sessions and the signed-in user read through
the cache, that is two clients a request, each built from redis-py's two dozen options
(about a third of a read's CPU here: `make bench`'s floor with `BENCH_REDIS=1`). A client
holds nothing of its own between calls but its pool, and redis-py's clients and pools are
safe to share between threads; a pool notices a fork and starts again with its own
connections. So the client made for a pool is kept and used again, and everything else
(keys, serialising, timeouts, which server is read) stays Django's.
"""

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both make one: the same pool either way, one is kept.
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    """`django.core.cache.backends.redis.RedisCache`, keeping its clients (see above)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
