"""The shared cache's backend (core/redis_cache.py) against the cluster's real Redis: Django's
cache behaviour, one client kept per server, and a forked process with its own connections."""

import os
import uuid

import pytest

from core.redis_cache import RedisCache

pytestmark = pytest.mark.usefixtures("cluster")


@pytest.fixture
def backend():
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    yield RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})


def test_it_stores_reads_and_forgets_as_djangos_redis_cache_does(backend):
    assert backend.get("missing", "default") == "default"
    backend.set("answer", {"text": "冻结原权重", "revision": 3}, 30)
    assert backend.get("answer") == {"text": "冻结原权重", "revision": 3}
    assert backend.add("answer", "other", 30) is False
    assert backend.add("fresh", 1, 30) is True
    assert backend.incr("fresh") == 2
    assert backend.get_many(["answer", "fresh", "missing"]) == {
        "answer": {"text": "冻结原权重", "revision": 3},
        "fresh": 2,
    }
    assert backend.delete("answer") is True
    assert backend.get("answer") is None
    backend.set("gone", 1, 0)  # a timeout of 0 stores nothing, as Django's
    assert backend.get("gone") is None


def test_one_client_per_server_is_kept_and_its_pool_is_the_servers(backend):
    client = backend._cache.get_client("a", write=True)
    assert backend._cache.get_client("b", write=True) is client
    assert backend._cache.get_client("c") is client  # one server: reads go to it too
    assert client.connection_pool is backend._cache._get_connection_pool(True)


def test_a_forked_child_uses_connections_of_its_own(backend):
    backend.set("before-fork", "parent", 30)
    client = backend._cache.get_client(write=True)
    parent_connection = client.connection_pool.get_connection()
    client.connection_pool.release(parent_connection)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: read with the kept client, report, and leave at once
        try:
            ok = backend.get("before-fork") == "parent"
            mine = client.connection_pool.get_connection()
            ok = ok and mine is not parent_connection
            os.write(write, b"ok" if ok else b"no")
        finally:
            os._exit(0)
    os.close(write)
    try:
        assert os.read(read, 2) == b"ok"
    finally:
        os.close(read)
        os.waitpid(child, 0)
    assert backend.get("before-fork") == "parent"  # the parent's connection still works
