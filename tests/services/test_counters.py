"""Live counters agree exactly with the database: embedded, on Redis, after a flush and rebuild."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from services.models import DownloadEvent
from services.stats.counters import LiveEvents, MemoryCounters, Tally, hour_bucket, increments
from services.stats.events import EventKind, FairEvent
from services.stats.rebuild import current_tally, live_events, rebuild, tally_from_db
from services.stats.redis_store import RedisLiveEvents, decode_message, encode_event
from tests.conftest import REDIS_UP, REDIS_URL, needs_redis
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

REDIS_TEST_URL = REDIS_URL  # this session's own Redis db


@dataclass
class SmallFair:
    """A fair with three enterprises (two trades each level) and some seekers."""

    fair_id: int
    firms: list[dict[str, Any]]
    postings: list[dict[str, Any]]


async def build_fair(api: Api) -> SmallFair:
    """Three firms, four postings of different trades and levels."""
    fair_id = await make_fair(api)
    firms = [
        await make_enterprise(api, fair_id, name=f"常州第{i + 1}机械有限公司", industry="装备制造")
        for i in range(3)
    ]
    specs = [
        (0, "数控车工", "intermediate", 5),
        (0, "电焊工", "senior", 3),
        (1, "装配钳工", "junior", 4),
        (2, "设备维修电工", "technician", 2),
    ]
    postings = [
        await make_posting(api, firms[f]["token"], fair_id, title=t, skill_level=lv, headcount=n)
        for f, t, lv, n in specs
    ]
    return SmallFair(fair_id, firms, postings)


async def burst(api: Api, fair: SmallFair, *, seekers: int = 12) -> None:
    """Concurrent scans, visits, résumés, applications, intentions and downloads."""
    fid = fair.fair_id
    hits = [  # thirty phones: a hit counts once per visitor and minute
        api.client.post(
            f"/api/fairs/{fid}/hits",
            json={"page": page, "source": "booth-A01", "enterprise_id": firm["id"]},
            headers={"Cookie": f"fm_csrf=phone-{n:040d}"},
        )
        for n, (page, firm) in enumerate(
            zip(
                itertools.islice(itertools.cycle(("scan", "jobs", "job")), 30),
                itertools.cycle(fair.firms),
                strict=False,
            )
        )
    ]
    resumes = await asyncio.gather(
        *(
            make_resume(api, fair_id=fid, skill_level=lv)
            for lv in ("junior", "senior") * (seekers // 2)
        ),
        *hits,
    )
    people = [r for r in resumes if isinstance(r, dict)]
    applies = [
        api.request("POST", "/api/applications", token=p["token"], json={"posting_id": post["id"]})
        for i, p in enumerate(people)
        for post in fair.postings[: 1 + i % 3]
    ]
    for response in await asyncio.gather(*applies):
        assert response.status_code == 201, response.text
    owner = {
        post["id"]: firm
        for firm in fair.firms
        for post in fair.postings
        if post["enterprise_id"] == firm["id"]
    }
    intentions = [
        api.request(
            "POST",
            "/api/intentions",
            token=owner[post["id"]]["token"],
            json={"posting_id": post["id"], "resume_id": p["id"]},
        )
        for i, p in enumerate(people[:6])
        for post in fair.postings[: 1 + i % 3]
    ]
    for response in await asyncio.gather(*intentions):
        assert response.status_code == 201, response.text
    await asyncio.gather(
        *(
            record_download(api, fid, firm["id"], n)
            for firm, n in zip(fair.firms, (3, 1, 2), strict=True)
        )
    )


async def record_download(api: Api, fair_id: int, enterprise_id: int, count: int) -> None:
    """What the enterprise portal does on a résumé export: a row, then an event."""
    async with api.runtime.sessions() as session:
        session.add(
            DownloadEvent(
                enterprise_id=enterprise_id, fair_id=fair_id, format="pdf", resume_count=count
            )
        )
        await session.commit()
    for kind, amount in ((EventKind.download, count), (EventKind.download_file, 1)):
        await api.runtime.publish(
            FairEvent(kind=kind, fair_id=fair_id, enterprise_id=enterprise_id, count=amount)
        )


async def db_tally(api: Api, fair_id: int) -> Tally:
    async with api.runtime.sessions() as session:
        return await tally_from_db(session=session, fair_id=fair_id)


async def live_json(api: Api, fair_id: int) -> dict[str, Any]:
    response = await api.request("GET", f"/api/fairs/{fair_id}/stats/live", token=ADMIN_TOKEN)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def same_counts(live: dict[str, Any], truth: Tally) -> None:
    expected = truth.to_json()
    for key in ("totals", "enterprise", "occupation", "level", "hour"):
        assert live[key] == expected[key], key


async def assert_agrees(api: Api, fair_id: int) -> dict[str, Any]:
    live = await live_json(api, fair_id)
    truth = await db_tally(api, fair_id)
    same_counts(live, truth)
    stats = (await api.request("GET", f"/api/fairs/{fair_id}/stats", token=ADMIN_TOKEN)).json()
    totals = live["totals"]
    assert (totals["scan"], totals["visit"], totals["resume"]) == (
        stats["scans"],
        stats["visits"],
        stats["resumes"],
    )
    assert (totals["application"], totals["intention"], totals["download"]) == (
        stats["applications"],
        stats["intentions"],
        stats["downloads"],
    )
    return live


async def test_embedded_counters_agree_with_the_database_after_a_burst(api: Api) -> None:
    fair = await build_fair(api)
    before = await live_json(api, fair.fair_id)  # builds the counters; the burst increments them
    assert before["totals"]["application"] == 0 and before["seq"] >= 1
    await burst(api, fair)
    live = await assert_agrees(api, fair.fair_id)
    assert live["totals"]["application"] == sum(1 + i % 3 for i in range(12))
    assert live["totals"]["download"] == 6  # résumés in the files
    assert live["totals"]["download_file"] == 3  # the files
    assert live["seq"] > before["seq"]
    assert {b["number"] for b in live["booths"]} == {f["booth"] for f in fair.firms}


async def test_counters_missing_are_rebuilt_lazily_and_by_command(api: Api) -> None:
    fair = await build_fair(api)
    await burst(api, fair, seekers=4)
    live = live_events(api.runtime.events)
    await live.store.invalidate(fair.fair_id)
    await assert_agrees(api, fair.fair_id)
    async with api.runtime.sessions() as session:
        rebuilt = await rebuild(live=live, session=session, fair_id=fair.fair_id)
    assert rebuilt.totals == (await db_tally(api, fair.fair_id)).totals


@pytest.fixture
async def redis_events(api: Api) -> AsyncIterator[RedisLiveEvents]:
    """The app's event sink swapped for a Redis one on test DB 14, under a namespace of its own."""
    if not REDIS_UP:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    namespace = f"fmtest-{uuid.uuid4().hex[:8]}"
    events = RedisLiveEvents(REDIS_TEST_URL, namespace=namespace)
    await events.start()
    original = api.runtime.events
    api.runtime.events = events
    try:
        yield events
    finally:
        api.runtime.events = original
        client = events.counters.client
        keys = [key async for key in client.scan_iter(match=f"{namespace}:*")]
        if keys:
            await client.delete(*keys)
        await events.close()


@needs_redis
@pytest.mark.redis
async def test_redis_counters_agree_after_a_burst_and_after_flushdb(
    api: Api, redis_events: RedisLiveEvents
) -> None:
    fair = await build_fair(api)
    await live_json(api, fair.fair_id)
    await burst(api, fair)
    await assert_agrees(api, fair.fair_id)
    raw = await redis_events.counters.client.hgetall(redis_events.counters.key(fair.fair_id))
    assert int(raw[b"application"]) == sum(1 + i % 3 for i in range(12))

    await redis_events.counters.client.flushdb()  # a Redis restart without persistence
    assert await redis_events.store.read(fair.fair_id) is None
    await record_download(api, fair.fair_id, fair.firms[0]["id"], 2)  # not counted: nothing built
    await assert_agrees(api, fair.fair_id)  # the first reader rebuilds from the rows

    await redis_events.counters.client.flushdb()
    async with api.runtime.sessions() as session:
        await rebuild(live=redis_events, session=session, fair_id=fair.fair_id)
    await assert_agrees(api, fair.fair_id)


@needs_redis
@pytest.mark.redis
async def test_redis_stream_subscribers_get_counted_events_in_order(
    api: Api, redis_events: RedisLiveEvents
) -> None:
    fair = await build_fair(api)
    await live_json(api, fair.fair_id)
    queue = redis_events.subscribe_counted()
    plain = redis_events.subscribe()  # the Broadcaster API still works
    await make_resume(api, fair_id=fair.fair_id)
    counted = await asyncio.wait_for(queue.get(), 2)
    assert counted.event is not None and counted.event.kind is EventKind.resume
    assert (await asyncio.wait_for(plain.get(), 2)).kind is EventKind.resume
    async with api.runtime.sessions() as session:
        await rebuild(live=redis_events, session=session, fair_id=fair.fair_id)
    reset = await asyncio.wait_for(queue.get(), 2)
    assert reset.event is None and reset.seq > counted.seq


async def test_memory_counters_ignore_events_until_built_and_number_them() -> None:
    live = LiveEvents(MemoryCounters())
    queue = live.subscribe_counted()
    event = FairEvent(kind=EventKind.scan, fair_id=1, enterprise_id=3)
    await live.publish(event)
    assert (await queue.get()).seq == 0 and await live.store.read(1) is None
    await live.replace(1, Tally(1))
    assert (await queue.get()).event is None
    await live.publish(event)
    counted = await queue.get()
    tally = await live.store.read(1)
    assert tally is not None and counted.seq == tally.seq == 2
    assert tally.totals["scan"] == 1 and tally.count("enterprise", "scan", "3") == 1


def test_increments_and_hour_buckets_use_fair_local_time() -> None:
    at = datetime(2025, 3, 1, 1, 30, tzinfo=UTC)  # 09:30 in Changzhou
    assert hour_bucket(at) == "2025-03-01T09"
    event = FairEvent(
        kind=EventKind.application,
        fair_id=1,
        enterprise_id=5,
        occupation_code="6-18-01-01",
        skill_level=None,
        at=at,
    )
    assert sorted(increments(event)) == [
        ("enterprise", "5"),
        ("hour", "2025-03-01T09"),
        ("level", "-"),
        ("occupation", "6-18-01-01"),
    ]
    assert increments(FairEvent(kind=EventKind.scan, fair_id=1, at=at)) == [
        ("hour", "2025-03-01T09")
    ]


def test_channel_messages_round_trip() -> None:
    event = FairEvent(kind=EventKind.download, fair_id=2, enterprise_id=9, count=4)
    counted = decode_message(f"17 {encode_event(event)}")
    assert counted.seq == 17 and counted.event == event
    assert decode_message('3 {"reset": 2}').event is None


async def test_lazy_rebuild_happens_once_for_concurrent_readers(api: Api) -> None:
    fair = await build_fair(api)
    live = live_events(api.runtime.events)

    async def read() -> int:
        async with api.runtime.sessions() as session:
            return (await current_tally(live=live, session=session, fair_id=fair.fair_id)).seq

    assert set(await asyncio.gather(*(read() for _ in range(5)))) == {1}
