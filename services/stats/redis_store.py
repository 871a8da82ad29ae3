"""Counters in Redis hashes, shared by every process, and the event channel that feeds streams.

Keys per fair: `{ns}:fair:{id}:total` (one field per event kind, plus `seq`, whose presence
marks the counters as built) and `{ns}:fair:{id}:{dimension}` with fields `kind|value`.
Counting, sequencing and PUBLISH run in one Lua script, so a stream that reads a snapshot
with sequence n and then applies only events numbered above n counts each event once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import datetime
from typing import Any

import redis.asyncio as aioredis

from services.stats.counters import DIMENSIONS, Counted, LiveEvents, Tally, increments
from services.stats.events import EventKind, FairEvent

log = logging.getLogger("fairmatch.counters")

_RECORD = """
local seq = 0
if redis.call('HEXISTS', KEYS[1], 'seq') == 1 then
  local amount = tonumber(ARGV[4])
  redis.call('HINCRBY', KEYS[1], ARGV[3], amount)
  for i = 2, #KEYS do
    redis.call('HINCRBY', KEYS[i], ARGV[i + 3], amount)
  end
  seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
end
redis.call('PUBLISH', ARGV[1], seq .. ' ' .. ARGV[2])
return seq
"""

_REPLACE = """
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') + 1
local pos = 3
for i = 1, #KEYS do
  redis.call('DEL', KEYS[i])
  local n = tonumber(ARGV[pos])
  pos = pos + 1
  for j = 1, n do
    redis.call('HSET', KEYS[i], ARGV[pos], ARGV[pos + 1])
    pos = pos + 2
  end
end
redis.call('HSET', KEYS[1], 'seq', seq)
redis.call('PUBLISH', ARGV[1], seq .. ' ' .. ARGV[2])
return seq
"""


def encode_event(event: FairEvent) -> str:
    """An event as compact JSON for the channel."""
    return json.dumps(
        {
            "kind": event.kind.value,
            "fair_id": event.fair_id,
            "enterprise_id": event.enterprise_id,
            "occupation_code": event.occupation_code,
            "skill_level": event.skill_level,
            "source": event.source,
            "count": event.count,
            "at": event.at.isoformat(),
        },
        separators=(",", ":"),
    )


def decode_message(data: str) -> Counted:
    """A channel message (`seq event-json` or `seq {"reset": fair_id}`) back into a Counted."""
    seq_text, _, body = data.partition(" ")
    payload: dict[str, Any] = json.loads(body)
    if "reset" in payload:
        return Counted(int(payload["reset"]), int(seq_text), None)
    event = FairEvent(
        kind=EventKind(payload["kind"]),
        fair_id=int(payload["fair_id"]),
        enterprise_id=payload["enterprise_id"],
        occupation_code=payload["occupation_code"],
        skill_level=payload["skill_level"],
        source=payload["source"],
        count=int(payload["count"]),
        at=datetime.fromisoformat(payload["at"]),
    )
    return Counted(event.fair_id, int(seq_text), event)


class RedisCounters:
    """The CounterStore on Redis hashes (HINCRBY from a Lua script, PUBLISH in the same call)."""

    def __init__(self, client: aioredis.Redis, *, namespace: str) -> None:
        self.client = client
        self.namespace = namespace
        self.channel = f"{namespace}:events"
        self._record = client.register_script(_RECORD)
        self._replace = client.register_script(_REPLACE)

    def key(self, fair_id: int, dimension: str = "total") -> str:
        """The hash key of one fair's dimension."""
        return f"{self.namespace}:fair:{fair_id}:{dimension}"

    async def record(self, event: FairEvent) -> int:
        pairs = increments(event)
        keys = [self.key(event.fair_id)] + [self.key(event.fair_id, dim) for dim, _ in pairs]
        args = [self.channel, encode_event(event), event.kind.value, event.count]
        args += [f"{event.kind.value}|{value}" for _, value in pairs]
        return int(await self._record(keys=keys, args=args))

    async def read(self, fair_id: int) -> Tally | None:
        async with self.client.pipeline(transaction=True) as pipe:
            for dimension in ("total", *DIMENSIONS):
                pipe.hgetall(self.key(fair_id, dimension))
            total, *breakdowns = await pipe.execute()
        if b"seq" not in total:
            return None
        tally = Tally(fair_id, int(total.pop(b"seq")))
        tally.totals.update({k.decode(): int(v) for k, v in total.items()})
        for dimension, fields in zip(DIMENSIONS, breakdowns, strict=True):
            for name, amount in fields.items():
                kind, _, value = name.decode().partition("|")
                tally.bump(dimension, kind, value, int(amount))
        return tally

    async def replace(self, fair_id: int, tally: Tally) -> int:
        keys = [self.key(fair_id)] + [self.key(fair_id, dim) for dim in DIMENSIONS]
        args: list[str | int] = [self.channel, json.dumps({"reset": fair_id})]
        totals = [(kind, n) for kind, n in tally.totals.items()]
        args.append(len(totals))
        for kind, n in totals:
            args += [kind, n]
        for dimension in DIMENSIONS:
            cells = [
                (f"{kind}|{value}", n)
                for kind, values in tally.breakdowns.get(dimension, {}).items()
                for value, n in values.items()
            ]
            args.append(len(cells))
            for name, n in cells:
                args += [name, n]
        return int(await self._replace(keys=keys, args=args))

    async def invalidate(self, fair_id: int) -> None:
        await self.client.delete(*(self.key(fair_id, dim) for dim in ("total", *DIMENSIONS)))

    async def close(self) -> None:
        await self.client.aclose()


class RedisLiveEvents(LiveEvents):
    """LiveEvents over Redis: events counted and published by any process reach every stream."""

    def __init__(self, url: str, *, namespace: str = "fm") -> None:
        client = aioredis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self.counters = RedisCounters(client, namespace=namespace)
        super().__init__(self.counters)
        self._listener: asyncio.Task[None] | None = None

    async def publish(self, event: FairEvent) -> None:
        """Count and publish on the channel; local subscribers get it back from the listener."""
        await self.counters.record(event)

    async def replace(self, fair_id: int, tally: Tally) -> int:
        return await self.counters.replace(fair_id, tally)

    async def start(self) -> None:
        """Subscribe to the channel before anything is published or streamed."""
        pubsub = self.counters.client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self.counters.channel)
        self._listener = asyncio.create_task(self._listen(pubsub), name="fairmatch-events")

    async def _listen(self, pubsub: Any) -> None:
        try:
            while True:
                try:
                    message = await pubsub.get_message(timeout=1.0)
                except (aioredis.ConnectionError, aioredis.TimeoutError):
                    log.warning("event channel lost; resubscribing")
                    await asyncio.sleep(1.0)
                    with contextlib.suppress(aioredis.RedisError):
                        await pubsub.subscribe(self.counters.channel)
                    continue
                if message is None or message.get("type") != "message":
                    continue
                try:
                    await self.deliver(decode_message(message["data"].decode()))
                except (ValueError, KeyError):
                    log.exception("malformed event on %s", self.counters.channel)
        finally:
            with contextlib.suppress(Exception):
                await pubsub.aclose()

    async def close(self) -> None:
        """Stop listening, then close the client."""
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await super().close()
