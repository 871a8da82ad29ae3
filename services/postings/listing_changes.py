"""API processes tell each other, through Redis, when what a job list shows has changed.

Alone, each process can only keep an anonymous listing answer for `public_cache_seconds` (1 s):
it cannot know what another worker or the indexing worker changed. Recomputing fifty list pages
once a second in every process was most of the server's CPU on a busy fair page. With Redis,
every change is announced by incrementing one key, and every API process reads that key four
times a second: answers can then be kept for `public_cache_announced_seconds`, and a change shows
everywhere within about half a second.

If Redis cannot be reached, a process hears nothing: it keeps answers for the short TTL again and
forgets them at every failed read, so nothing stale outlives the outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from services.postings.listing_cache import ListingCache

CHANGES_KEY = "fairmatch:listings:changes"
POLL_SECONDS = 0.25
logger = logging.getLogger(__name__)


class ListingChanges:
    """Announces this process's listing changes and hears those of the others."""

    def __init__(
        self,
        redis_url: str,
        cache: ListingCache,
        *,
        kept_seconds: float,
        key: str = CHANGES_KEY,
    ) -> None:
        self.cache = cache
        self.short_ttl = cache.ttl
        self.kept_seconds = kept_seconds
        self.key = key
        self.heard: bytes | str | None = None
        self._stop = asyncio.Event()
        self._redis = aioredis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)

    async def announce(self) -> None:
        """Tell the other processes that listings changed; on failure it is logged and left
        for this process's next poll to announce."""
        self.cache.unannounced = False
        try:
            await self._redis.incr(self.key)
        except (RedisError, OSError):
            self.cache.unannounced = True
            logger.warning("listing change not announced: Redis unreachable", exc_info=True)

    async def poll(self) -> None:
        """Announce a change made here, then forget every answer if another process made one."""
        announcing, self.cache.unannounced = self.cache.unannounced, False
        try:
            if announcing:
                await self._redis.incr(self.key)
            heard = await self._redis.get(self.key)
        except (RedisError, OSError):
            self.cache.unannounced = self.cache.unannounced or announcing  # next time
            self.cache.ttl = self.short_ttl  # deaf: keep answers as briefly as a lone process
            self.cache.invalidate(announce=False)
            return
        if heard != self.heard:
            self.heard = heard
            self.cache.invalidate(announce=False)
        self.cache.ttl = max(self.short_ttl, self.kept_seconds)

    async def run(self) -> None:
        """Poll until stop() (not cancelled: redis-py can swallow a cancellation mid-command)."""
        while not self._stop.is_set():
            await self.poll()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), POLL_SECONDS)

    def stop(self) -> None:
        self._stop.set()

    async def close(self) -> None:
        await self._redis.aclose()
