"""The process's long-lived clients, built once in the app's lifespan (or a CLI command)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from matcher.embedding import Embedder, load_embedder
from matcher.occupation_model import OccupationModel
from search.factory import ElasticCredentials, create_backend
from search.types import SearchBackend
from services.auth.sms import LogSmsSender, SmsSender, create_sms_sender
from services.auth.throttle import LoginThrottle, MemoryLoginThrottle, create_login_throttle
from services.config import Settings
from services.db import create_engine, session_factory
from services.postings.listing_cache import ListingCache
from services.postings.listing_changes import ListingChanges
from services.stats.counters import LiveEvents
from services.stats.events import EventSink, FairEvent, publish_safely
from services.stats.hits import HitGate
from services.stats.redis_store import RedisLiveEvents
from services.tasks.queue import TaskQueue, create_queue
from services.web.observability import count_event


@dataclass
class Runtime:
    """Database, search backend, embedder and task queue of one process."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    search: SearchBackend
    embedder: Embedder
    queue: TaskQueue
    classifier: OccupationModel
    listings: ListingCache  # anonymous listing answers kept by this process (a TTL of 0: none)
    events: EventSink = field(default_factory=LiveEvents)
    listing_changes: ListingChanges | None = None  # with Redis: tells the other processes
    hits: HitGate = field(default_factory=lambda: HitGate(Settings()))  # whose page hits count
    logins: LoginThrottle = field(default_factory=MemoryLoginThrottle)
    encode_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    sms: SmsSender = field(default_factory=LogSmsSender)  # one-time codes ("find my résumé")

    async def publish(self, event: FairEvent) -> None:
        """Report a committed fact to live counters and streams; never raises."""
        count_event(event)
        await publish_safely(self.events, event)

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[None]:
        """Take turns for a short write on SQLite, which has one writer at a time.

        Waiting here costs microseconds; colliding in SQLite costs busy-handler sleeps of up to
        100 ms each. PostgreSQL writers go ahead side by side.
        """
        if self.engine.dialect.name != "sqlite":
            yield
            return
        async with self.write_lock:
            yield

    async def listings_changed(self) -> None:
        """What job lists show changed: forget remembered answers here and in every process."""
        self.listings.invalidate()
        if self.listing_changes is not None:
            await self.listing_changes.announce()

    async def counters_stale(self, fair_ids: set[int]) -> None:
        """Mark live counters of these fairs for a rebuild (after deletions the events miss)."""
        if isinstance(self.events, LiveEvents):
            for fair_id in fair_ids:
                await self.events.store.invalidate(fair_id)

    async def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Embed texts in a worker thread (one at a time) so the event loop stays free."""
        async with self.encode_lock:
            return await asyncio.to_thread(self.embedder.encode, texts)


def create_search_backend(settings: Settings, *, dim: int) -> SearchBackend:
    """The configured search backend (not yet connected; ensure_indices connects)."""
    credentials = ElasticCredentials(
        username=settings.es_username or None,
        password=settings.es_password.get_secret_value() if settings.es_password else None,
        api_key=settings.es_api_key.get_secret_value() if settings.es_api_key else None,
    )
    return create_backend(
        kind=settings.search_backend.value,
        data_dir=settings.data_dir / "index",
        es_url=settings.es_url,
        es_flavor=settings.es_flavor,
        es_credentials=credentials,
        es_refresh=settings.es_refresh,
        dim=dim,
    )


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, start_queue: bool = True, listings: ListingCache | None = None
) -> AsyncIterator[Runtime]:
    """Build every client, yield the runtime, then close them all."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.async_database_url)
    embedder = await asyncio.to_thread(load_embedder, settings.embedder)
    search = create_search_backend(settings, dim=embedder.dim)
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        search=search,
        embedder=embedder,
        queue=create_queue(settings),
        classifier=await asyncio.to_thread(OccupationModel.load),
        events=await open_live_events(settings.redis_url),
        listings=listings or ListingCache(0),
        hits=HitGate(settings),
        sms=create_sms_sender(settings),
        logins=create_login_throttle(settings),
    )
    if settings.redis_url:
        runtime.listing_changes = ListingChanges(
            settings.redis_url,
            runtime.listings,
            kept_seconds=settings.public_cache_announced_seconds,
        )
    hearing: asyncio.Task[None] | None = None
    try:
        await search.ensure_indices()
        if runtime.listing_changes is not None and runtime.listings.ttl > 0:
            hearing = asyncio.create_task(runtime.listing_changes.run())
        if start_queue:
            await runtime.queue.start(runtime)
        yield runtime
    finally:
        if hearing is not None and runtime.listing_changes is not None:
            runtime.listing_changes.stop()
            await hearing
        await runtime.queue.stop()
        if runtime.listing_changes is not None:
            await runtime.listing_changes.close()
        if isinstance(runtime.events, LiveEvents):
            await runtime.events.close()
        await runtime.hits.close()
        await runtime.logins.close()
        await search.close()
        await runtime.sms.close()
        await engine.dispose()


async def open_live_events(redis_url: str | None, *, namespace: str = "fm") -> LiveEvents:
    """The event sink: Redis-backed when a URL is given, else in this process; started."""
    live = RedisLiveEvents(redis_url, namespace=namespace) if redis_url else LiveEvents()
    await live.start()
    return live
