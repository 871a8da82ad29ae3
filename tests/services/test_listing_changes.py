"""With Redis, a listing change made in one process empties every process's remembered answers."""

from __future__ import annotations

import time
import uuid

import pytest
import redis.asyncio as aioredis

from services.postings.listing_cache import Entry, Key, ListingCache
from services.postings.listing_changes import ListingChanges
from tests.conftest import REDIS_URL, needs_redis

pytestmark = needs_redis
LIST: Key = ("/api/postings", b"fair_id=1&page=1", True)


def remember(cache: ListingCache) -> None:
    start = {"type": "http.response.start", "status": 200, "headers": []}
    cache.put(LIST, Entry(time.monotonic() + cache.ttl, cache.generation, start, b"[]"))


@pytest.fixture
def key() -> str:
    return f"test:listings:{uuid.uuid4().hex}"


async def test_a_change_made_or_indexed_elsewhere_reaches_every_server(key: str) -> None:
    serving, other_server = ListingCache(1.0), ListingCache(1.0)
    indexer = ListingCache(0)  # a Celery worker: it keeps no answers but announces changes
    ears = [ListingChanges(REDIS_URL, c, kept_seconds=30, key=key) for c in (serving, other_server)]
    mouth = ListingChanges(REDIS_URL, indexer, kept_seconds=30, key=key)
    try:
        for ear in ears:
            await ear.poll()
        assert serving.ttl == 30  # others will tell it of changes: answers are kept longer
        remember(serving)
        await ears[0].poll()
        assert serving.get(LIST) is not None  # nothing changed anywhere: kept

        other_server.invalidate()  # a firm edited a posting through the other server
        await ears[1].poll()
        await ears[0].poll()
        assert serving.get(LIST) is None

        remember(serving)
        await mouth.announce()  # the worker indexed a posting
        await ears[0].poll()
        assert serving.get(LIST) is None
    finally:
        for changes in (*ears, mouth):
            await changes.close()


async def test_a_server_that_cannot_hear_the_others_keeps_answers_only_briefly(key: str) -> None:
    cache = ListingCache(1.0)
    changes = ListingChanges(REDIS_URL, cache, kept_seconds=30, key=key)
    deaf = ListingChanges("redis://127.0.0.1:1/0", cache, kept_seconds=30, key=key)
    try:
        await changes.poll()
        assert cache.ttl == 30
        remember(cache)
        cache.invalidate()  # a firm edits a posting here just as Redis goes away
        await deaf.poll()
        assert cache.ttl == 1.0
        assert cache.get(LIST) is None
        assert cache.unannounced  # the change is announced once Redis answers again
        async with aioredis.Redis.from_url(REDIS_URL) as redis:
            before = int(await redis.get(key) or 0)
            await changes.poll()
            assert int(await redis.get(key) or 0) == before + 1
        assert not cache.unannounced
    finally:
        await changes.close()
        await deaf.close()
