"""Live fair counters: totals and breakdowns per enterprise, trade, level and hour.

Counters are derived data. Every event increments them and is fanned out with a per-fair
sequence number; `services.stats.rebuild` recomputes them from the database rows, and a
reader that finds them missing (a fresh process, a Redis restart) rebuilds them lazily.
The embedded default keeps them in memory; with FAIRMATCH_REDIS_URL they live in Redis
(`services.stats.redis_store`) and are shared by every process.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from services.stats.events import Broadcaster, EventKind, FairEvent

log = logging.getLogger("fairmatch.counters")

FAIR_TIMEZONE = ZoneInfo("Asia/Shanghai")
UNKNOWN = "-"
# Breakdowns by dimension; "total" is kept apart as Tally.totals.
DIMENSIONS = ("enterprise", "occupation", "level", "hour")
_BY_POSTING = frozenset({EventKind.resume, EventKind.application, EventKind.intention})

Counts = dict[str, dict[str, dict[str, int]]]  # dimension -> kind -> value -> count


def hour_bucket(at: datetime) -> str:
    """The local (Asia/Shanghai) hour of a moment, e.g. "2025-03-01T09"."""
    return at.astimezone(FAIR_TIMEZONE).strftime("%Y-%m-%dT%H")


def increments(event: FairEvent) -> list[tuple[str, str]]:
    """The (dimension, value) pairs one event adds event.count to, besides its kind's total."""
    pairs = [("hour", hour_bucket(event.at))]
    if event.enterprise_id is not None:
        pairs.append(("enterprise", str(event.enterprise_id)))
    if event.kind in _BY_POSTING:
        pairs.append(("occupation", event.occupation_code or UNKNOWN))
        pairs.append(("level", event.skill_level or UNKNOWN))
    return pairs


@dataclass
class Tally:
    """One fair's counts (a snapshot, or a delta to add to one) and the last sequence seen."""

    fair_id: int
    seq: int = 0
    totals: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in EventKind})
    breakdowns: Counts = field(default_factory=dict)

    def add(self, event: FairEvent) -> None:
        """Count one event."""
        self.totals[event.kind] = self.totals.get(event.kind, 0) + event.count
        for dimension, value in increments(event):
            self.bump(dimension, event.kind, value, event.count)

    def bump(self, dimension: str, kind: str, value: str, amount: int) -> None:
        """Add amount to one breakdown cell."""
        cells = self.breakdowns.setdefault(dimension, {}).setdefault(kind, {})
        cells[value] = cells.get(value, 0) + amount

    def count(self, dimension: str, kind: str, value: str) -> int:
        """One breakdown cell (0 when never counted)."""
        return self.breakdowns.get(dimension, {}).get(kind, {}).get(value, 0)

    @property
    def empty(self) -> bool:
        return not any(self.totals.values())

    def to_json(self) -> dict[str, Any]:
        """The JSON shape the stats API, the stream and the dashboard share."""
        return {
            "fair_id": self.fair_id,
            "seq": self.seq,
            "totals": dict(self.totals),
            **{dim: self.breakdowns.get(dim, {}) for dim in DIMENSIONS},
        }

    def copy(self) -> Tally:
        """An independent copy."""
        copy = Tally(self.fair_id, self.seq, dict(self.totals))
        for dimension, kind, value, amount in self.cells():
            copy.bump(dimension, kind, value, amount)
        return copy

    def cells(self) -> Iterable[tuple[str, str, str, int]]:
        """Every non-zero breakdown cell as (dimension, kind, value, count)."""
        for dimension, kinds in self.breakdowns.items():
            for kind, values in kinds.items():
                for value, amount in values.items():
                    if amount:
                        yield dimension, kind, value, amount


def fold(fair_id: int, events: Iterable[FairEvent]) -> Tally:
    """The tally of a sequence of events (how a rebuild and a delta are both computed)."""
    tally = Tally(fair_id)
    for event in events:
        tally.add(event)
    return tally


class CounterStore(Protocol):
    """Where counters live; `record` is atomic with the sequence number it returns."""

    async def record(self, event: FairEvent) -> int:
        """Count an event; its sequence number, or 0 when the fair's counters are missing."""
        ...

    async def read(self, fair_id: int) -> Tally | None:
        """The fair's counters, or None when missing (never built, or lost)."""
        ...

    async def replace(self, fair_id: int, tally: Tally) -> int:
        """Store a rebuilt tally atomically; the new sequence number."""
        ...

    async def invalidate(self, fair_id: int) -> None:
        """Drop a fair's counters so that the next reader rebuilds them."""
        ...

    async def close(self) -> None: ...


class MemoryCounters:
    """Counters in this process (the embedded default); every method runs without awaiting."""

    def __init__(self) -> None:
        self._tallies: dict[int, Tally] = {}

    async def record(self, event: FairEvent) -> int:
        tally = self._tallies.get(event.fair_id)
        if tally is None:
            return 0
        tally.add(event)
        tally.seq += 1
        return tally.seq

    async def read(self, fair_id: int) -> Tally | None:
        tally = self._tallies.get(fair_id)
        return None if tally is None else tally.copy()

    async def replace(self, fair_id: int, tally: Tally) -> int:
        previous = self._tallies.get(fair_id)
        fresh = tally.copy()
        fresh.seq = (previous.seq if previous else 0) + 1
        self._tallies[fair_id] = fresh
        return fresh.seq

    async def invalidate(self, fair_id: int) -> None:
        self._tallies.pop(fair_id, None)

    async def close(self) -> None:
        self._tallies.clear()


@dataclass(frozen=True, slots=True)
class Counted:
    """An event with its sequence number; event None means the fair's counters were replaced."""

    fair_id: int
    seq: int
    event: FairEvent | None


class LiveEvents(Broadcaster):
    """The runtime's event sink: counts every event, then fans it out with its sequence number.

    Plain `subscribe()` (the Broadcaster API) still yields bare FairEvents.
    """

    def __init__(self, store: CounterStore | None = None, *, queue_size: int = 10_000) -> None:
        super().__init__(queue_size=queue_size)
        self.store: CounterStore = store or MemoryCounters()
        self._counted: set[asyncio.Queue[Counted]] = set()
        self.rebuild_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    def subscribe_counted(self) -> asyncio.Queue[Counted]:
        """A queue of every counted event and counter reset from now on."""
        queue: asyncio.Queue[Counted] = asyncio.Queue(self._queue_size)
        self._counted.add(queue)
        return queue

    def unsubscribe_counted(self, queue: asyncio.Queue[Counted]) -> None:
        self._counted.discard(queue)

    async def publish(self, event: FairEvent) -> None:
        """Count the event, then deliver it to this process's subscribers."""
        seq = await self.store.record(event)
        await self.deliver(Counted(event.fair_id, seq, event))

    async def replace(self, fair_id: int, tally: Tally) -> int:
        """Store rebuilt counters and tell the streams to start from a fresh snapshot."""
        seq = await self.store.replace(fair_id, tally)
        await self.deliver(Counted(fair_id, seq, None))
        return seq

    async def deliver(self, counted: Counted) -> None:
        """Fan a counted event (or a reset) out to both kinds of subscriber."""
        for queue in list(self._counted):
            try:
                queue.put_nowait(counted)
            except asyncio.QueueFull:
                log.warning("dropping a counted event for a slow stream (fair %s)", counted.fair_id)
        if counted.event is not None:
            await super().publish(counted.event)

    async def start(self) -> None:
        """Start background work (nothing in process)."""

    async def close(self) -> None:
        """Release the store."""
        await self.store.close()
