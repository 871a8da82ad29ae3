"""Server-Sent Events of a fair's counters: one snapshot, then deltas at most every interval."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

from matcher.csco import occupations_by_code
from services.fairs.service import get_fair
from services.stats.counters import Counted, LiveEvents, Tally
from services.stats.figures import fair_booths
from services.stats.rebuild import current_tally, live_events, tally_from_db

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger("fairmatch.counters")

PUSH_INTERVAL = 0.5  # seconds between two pushes at most once
HEARTBEAT = 15.0  # a comment line keeps proxies from closing an idle stream

Snapshot = Callable[[], Awaitable[dict[str, Any]]]


def sse_frame(event: str, data: dict[str, Any]) -> str:
    """One SSE message."""
    return (
        f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"
    )


def occupation_labels(codes: Iterable[str]) -> dict[str, str]:
    """Names of occupation codes (CSCO 2022) for the codes a payload mentions."""
    table = occupations_by_code()
    return {code: table[code].display_name for code in codes if code in table}


def delta_json(delta: Tally) -> dict[str, Any]:
    """A delta's JSON, with the names of the trades it mentions."""
    body = delta.to_json()
    codes = {code for values in body["occupation"].values() for code in values}
    body["labels"] = {"occupation": occupation_labels(codes)}
    return body


async def stats_stream(
    *,
    live: LiveEvents,
    fair_id: int,
    snapshot: Snapshot,
    interval: float = PUSH_INTERVAL,
    heartbeat: float = HEARTBEAT,
) -> AsyncIterator[str]:
    """SSE text: `snapshot` first (with its sequence number), then `delta` frames to add to it.

    Subscribing before reading the snapshot and skipping events numbered at or below it counts
    every event exactly once. A counter reset (rebuild) or an event the store could not count
    (counters lost) sends a fresh snapshot instead.
    """
    queue = live.subscribe_counted()
    try:
        current = await snapshot()
        seq: int = current["seq"]
        yield "retry: 2000\n" + sse_frame("snapshot", current)
        delta = Tally(fair_id)
        last_push = time.monotonic()
        while True:
            wait = max(0.0, last_push + interval - time.monotonic()) if delta.seq else heartbeat
            try:
                item: Counted | None = await asyncio.wait_for(queue.get(), wait)
            except TimeoutError:
                item = None
            if item is None:
                if delta.seq:
                    yield sse_frame("delta", delta_json(delta))
                    delta, last_push = Tally(fair_id), time.monotonic()
                else:
                    yield ": keep-alive\n\n"
                continue
            if item.fair_id != fair_id or (item.seq and item.seq <= seq):
                continue
            if item.event is None or item.seq == 0:
                current = await snapshot()
                seq, delta, last_push = current["seq"], Tally(fair_id), time.monotonic()
                yield sse_frame("snapshot", current)
                continue
            seq = delta.seq = item.seq
            delta.add(item.event)
            if time.monotonic() - last_push >= interval:
                yield sse_frame("delta", delta_json(delta))
                delta, last_push = Tally(fair_id), time.monotonic()
    finally:
        live.unsubscribe_counted(queue)


async def fair_snapshot(*, runtime: Runtime, fair_id: int) -> dict[str, Any]:
    """The dashboard's starting point: live counters plus the fair's booths and trade names.

    When the counter store is unreachable the numbers come straight from the database.
    """
    async with runtime.sessions() as session:
        await get_fair(session=session, fair_id=fair_id)
        try:
            live = live_events(runtime.events)
            tally = await current_tally(live=live, session=session, fair_id=fair_id)
        except (TypeError, RedisError):
            log.exception("live counters unavailable for fair %s; counting rows", fair_id)
            tally = await tally_from_db(session=session, fair_id=fair_id)
        booths = await fair_booths(session=session, fair_id=fair_id)
    body = tally.to_json()
    body["booths"] = [asdict(booth) for booth in booths]
    body["postings"] = sum(booth.postings for booth in booths)
    body["openings"] = sum(booth.openings for booth in booths)
    codes = {code for values in body["occupation"].values() for code in values}
    body["labels"] = {"occupation": occupation_labels(codes)}
    return body
