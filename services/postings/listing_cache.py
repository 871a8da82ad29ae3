"""A one-second memory of anonymous job-list reads, for the first minutes of a fair.

Hundreds of phones ask for the same first pages and the same trade names at once. Answers to
anonymous GETs of the public posting API are kept for `public_cache_seconds` (like a proxy's
micro-cache, and like Elasticsearch's own one-second refresh) so that one request per second does
the work. Requests carrying a credential are never served from here, so nothing personal is kept.

For one more TTL after that, an answer is still served while one background request computes
its successor (stale-while-revalidate, as in RFC 5861 and nginx's `proxy_cache_background_update`):
a busy list is then never a miss that makes every phone asking for it wait. Refreshes run one
at a time: answers filled together go stale together, and fifty list pages recomputed at once
held every cached answer up behind them (production browse p95 110–470 ms at 520 req/s).

The memory is dropped at once when this process changes what a listing shows: any write that is
not one of the hot writes known to leave listings alone (applications, résumés, intentions, scans,
sign-in), both before it and after it (a read computed while it was being committed is not kept),
and every posting upsert of the search index. Other processes see such a change within two TTLs,
which is about as fresh as their search index is anyway; with Redis they are told at once and
answers are kept longer (services/postings/listing_changes.py).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.web.observability import PUBLIC_CACHE
from services.web.ratelimit import CREDENTIAL_COOKIES

# The public reads: the posting list and search, and one posting.
CACHED_PATHS = re.compile(r"^/api/postings(/\d+)?$")
# Writes that never change what a posting list or a posting shows.
LISTING_NEUTRAL_WRITES = re.compile(
    r"^/(api/(applications|intentions|resumes|hits|auth)|resume|jobs/\d+/apply|me)(/|$)"
)
MAX_BODY_BYTES = 256 * 1024
logger = logging.getLogger(__name__)
Key = tuple[str, bytes, bool]  # path, query string, gzip accepted


@dataclass(frozen=True, slots=True)
class Entry:
    expires: float  # fresh until then; served while being refreshed for one TTL more
    generation: int
    start: Message
    body: bytes


class ListingCache:
    """Answers by (path, query, gzip accepted), with a TTL and a generation to drop them all."""

    def __init__(self, ttl_seconds: float, max_entries: int = 4096) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.generation = 0
        self.hits = 0
        self.misses = 0
        self.refreshes = 0
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self.filling: dict[Key, asyncio.Event] = {}
        self.refreshing: dict[Key, asyncio.Task[None]] = {}
        self.refresh_turn = asyncio.Lock()  # background refreshes take turns
        self.unannounced = False  # changed here since other processes were told (listing_changes)

    def invalidate(self, *, announce: bool = True) -> None:
        """Forget every answer (a posting, an enterprise or a fair changed); `announce=False`
        when the change was heard from another process rather than made here."""
        self.generation += 1
        self._entries.clear()
        self.unannounced = self.unannounced or announce

    def count(self, result: Literal["hit", "miss", "refresh"]) -> None:
        if result == "hit":
            self.hits += 1
        elif result == "miss":
            self.misses += 1
        else:
            self.refreshes += 1
        PUBLIC_CACHE.labels(result=result).inc()

    def get(self, key: Key) -> tuple[Entry, bool] | None:
        """The answer kept for key and whether it is stale (due for a refresh); None if none."""
        entry = self._entries.get(key)
        if entry is None or entry.generation != self.generation:
            return None
        age = time.monotonic() - entry.expires
        if age > self.ttl:
            return None
        return entry, age > 0

    def put(self, key: Key, entry: Entry) -> None:
        if entry.generation != self.generation:
            return  # a write landed while this answer was computed
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


def _cacheable(scope: Scope) -> Key | None:
    """The cache key of an anonymous public read, else None."""
    if scope["method"] != "GET" or not CACHED_PATHS.match(scope["path"]):
        return None
    gzip = False
    for name, value in scope["headers"]:
        if name == b"authorization":
            return None
        if name == b"cookie" and any(c + b"=" in value for c in CREDENTIAL_COOKIES):
            return None
        if name == b"accept-encoding":
            gzip = b"gzip" in value
    return scope["path"], scope["query_string"], gzip


class PublicCache:
    """ASGI middleware serving anonymous posting reads from a ListingCache (see module doc)."""

    def __init__(self, app: ASGIApp, cache: ListingCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.cache.ttl <= 0:
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            if LISTING_NEUTRAL_WRITES.match(scope["path"]):
                await self.app(scope, receive, send)
                return
            self.cache.invalidate()
            try:
                await self.app(scope, receive, send)
            finally:
                self.cache.invalidate()
            return
        key = _cacheable(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        found = self.cache.get(key)
        if found is None and (busy := self.cache.filling.get(key)) is not None:
            await busy.wait()  # the same question is being answered: wait for that answer
            found = self.cache.get(key)
        if found is not None:
            entry, stale = found
            if stale and key not in self.cache.refreshing:
                self._refresh(key, scope)
            self.cache.count("hit")
            await send({**entry.start, "headers": list(entry.start["headers"])})
            await send({"type": "http.response.body", "body": entry.body, "more_body": False})
            return
        self.cache.count("miss")
        filled = self.cache.filling.setdefault(key, asyncio.Event())
        try:
            await self._fill(key, scope, receive, send)
        finally:
            if self.cache.filling.get(key) is filled:
                del self.cache.filling[key]
            filled.set()

    def _refresh(self, key: Key, scope: Scope) -> None:
        """Compute a stale answer's successor in the background, once per key at a time."""
        request = {"type": "http.request", "body": b"", "more_body": False}
        asked = False

        async def receive() -> Message:
            nonlocal asked
            if not asked:
                asked = True
                return request
            await asyncio.Event().wait()  # nobody disconnects: the task ends with the answer
            return {"type": "http.disconnect"}

        async def discard(message: Message) -> None:
            return None

        async def run() -> None:
            try:
                async with self.cache.refresh_turn:
                    found = self.cache.get(key)
                    if found is not None and not found[1]:
                        return  # a miss has already answered it afresh
                    self.cache.count("refresh")
                    await self._fill(
                        key, {**scope, "state": dict(scope.get("state", {}))}, receive, discard
                    )
            except Exception:  # the stale answer expires; the next read computes it afresh
                logger.warning("public cache refresh failed", exc_info=True)
            finally:
                del self.cache.refreshing[key]

        self.cache.refreshing[key] = asyncio.create_task(run())

    async def _fill(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        generation = self.cache.generation
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                done = not message.get("more_body", False)
                if done and start["status"] == 200 and size <= MAX_BODY_BYTES:
                    expires = time.monotonic() + self.cache.ttl
                    self.cache.put(key, Entry(expires, generation, start, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, keep)
