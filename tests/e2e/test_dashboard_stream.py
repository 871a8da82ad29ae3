"""The SSE stream on a live uvicorn (loopback): an application reaches it within a second."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from bench.simulate import measure_latency, simulate, sse_frames
from tests.e2e.conftest import ADMIN_TOKEN, LiveFair

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


async def test_stream_delivers_an_application_within_a_second(live_fair: LiveFair) -> None:
    async with httpx.AsyncClient(base_url=live_fair.base_url, timeout=30) as client:
        postings = (await client.get("/api/postings", params={"fair_id": live_fair.fair_id})).json()
        seeker = (
            await client.post(
                "/api/resumes",
                json={
                    "fair_id": live_fair.fair_id,
                    "name": "李明",
                    "phone": "13912345678",
                    "education": "higher_vocational",
                    "desired_title": "电焊工",
                    "open_to_recommendations": True,
                    "consent": True,
                },
            )
        ).json()
        url = f"/api/fairs/{live_fair.fair_id}/stats/stream"
        async with client.stream("GET", url, headers=ADMIN, timeout=None) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            received = sse_frames(stream)
            name, snapshot = await anext(received)
            assert name == "snapshot"
            before = snapshot["totals"]["application"]
            started = time.monotonic()
            applied = await client.post(
                "/api/applications",
                json={"posting_id": postings["items"][0]["id"]},
                headers={"Authorization": f"Bearer {seeker['token']}"},
            )
            assert applied.status_code == 201
            name, delta = await asyncio.wait_for(anext(received), 1.0)
            elapsed = time.monotonic() - started
    assert name == "delta" and delta["totals"]["application"] == 1
    assert int(delta["seq"]) > int(snapshot["seq"])
    assert elapsed < 1.0 and before >= 0


@pytest.mark.slow
async def test_latency_bench_and_simulator(live_fair: LiveFair) -> None:
    result = await measure_latency(
        base_url=live_fair.base_url,
        fair_id=live_fair.fair_id,
        token=ADMIN_TOKEN,
        rate=100.0,
        duration=3.0,
    )
    print("event-to-stream latency:", result)
    assert result["events"] >= 250 and result["missed"] == 0
    assert result["p95_ms"] < 1000
    done = await simulate(
        base_url=live_fair.base_url, fair_id=live_fair.fair_id, rate=20.0, duration=1.0
    )
    assert sum(done.sent.values()) == 20 and done.failed == 0
