"""Fair events (scan, visit, résumé, application, download, intention) published after commit.

The database rows are the record; events only feed live counters and the dashboard stream, so a
lost event is repaired by `fairmatch stats rebuild`. Publishing never fails a request.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from services.db import utcnow

log = logging.getLogger("fairmatch.events")


class EventKind(StrEnum):
    scan = "scan"
    visit = "visit"
    resume = "resume"
    application = "application"
    download = "download"  # counts the résumés in a file: an export of 50 counts 50
    intention = "intention"
    download_file = "download_file"  # counts the files themselves (one per download)


@dataclass(frozen=True, slots=True)
class FairEvent:
    """Something countable that happened at a fair."""

    kind: EventKind
    fair_id: int
    enterprise_id: int | None = None
    occupation_code: str | None = None
    skill_level: str | None = None
    source: str = ""
    count: int = 1
    at: datetime = field(default_factory=utcnow)


class EventSink(Protocol):
    """Where services publish events; implementations count and broadcast them."""

    async def publish(self, event: FairEvent) -> None: ...


class Broadcaster:
    """In-process fan-out of events to subscribers (the embedded default's live stream)."""

    def __init__(self, *, queue_size: int = 10_000) -> None:
        self._subscribers: set[asyncio.Queue[FairEvent]] = set()
        self._queue_size = queue_size

    def subscribe(self) -> asyncio.Queue[FairEvent]:
        """A queue that receives every event published from now on."""
        queue: asyncio.Queue[FairEvent] = asyncio.Queue(self._queue_size)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[FairEvent]) -> None:
        self._subscribers.discard(queue)

    async def publish(self, event: FairEvent) -> None:
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                log.warning("dropping event for a slow subscriber: %s", event.kind)


async def publish_safely(sink: EventSink, event: FairEvent) -> None:
    """Publish, logging instead of raising: the write it reports has already committed."""
    try:
        await sink.publish(event)
    except Exception:
        log.exception("could not publish %s event for fair %s", event.kind, event.fair_id)
