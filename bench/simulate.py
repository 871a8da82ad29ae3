"""Simulated seekers over HTTP (scan, résumé, apply), and the event-to-screen latency bench."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import statistics
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx

TITLES = ("数控车工", "电焊工", "装配钳工", "设备维修电工", "焊接机器人操作工", "注塑工", "质检员")
LEVELS = ("junior", "intermediate", "senior", "technician")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭"


def parse_rate(text: str) -> float:
    """Events per second from "20/s", "20" or "600/min"."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|sec|min|m))?\s*", text)
    if not match:
        raise ValueError(f"rate must look like 20/s or 600/min, not {text!r}")
    value = float(match.group(1))
    return value / 60 if match.group(2) in ("min", "m") else value


@dataclass
class SimulationResult:
    """What a simulation did, by action, and how long it took."""

    sent: dict[str, int] = field(default_factory=lambda: {"scan": 0, "resume": 0, "application": 0})
    failed: int = 0
    seconds: float = 0.0


@dataclass
class _Seekers:
    """Résumé tokens created so far (each applies with its own token)."""

    tokens: list[str] = field(default_factory=list)


async def _posting_ids(client: httpx.AsyncClient, fair_id: int) -> list[int]:
    ids: list[int] = []
    for page in range(1, 6):
        response = await client.get(
            "/api/postings", params={"fair_id": fair_id, "page": page, "page_size": 100}
        )
        response.raise_for_status()
        items = response.json()["items"]
        ids += [item["id"] for item in items]
        if len(items) < 100:
            break
    return ids


def _resume(fair_id: int, rng: random.Random) -> dict[str, Any]:
    title = rng.choice(TITLES)
    return {
        "fair_id": fair_id,
        "name": rng.choice(SURNAMES) + "测试",
        "phone": f"199{rng.randrange(10**8):08d}",
        "education": "secondary_vocational",
        "skill_level": rng.choice(LEVELS),
        "years_experience": rng.randint(0, 12),
        "experience": f"{title}相关工作经验。",
        "skills": title,
        "desired_title": title,
        "open_to_recommendations": rng.random() < 0.8,  # as many opt in as in the demo
        "consent": True,
    }


async def _act(
    client: httpx.AsyncClient,
    action: str,
    *,
    fair_id: int,
    postings: list[int],
    seekers: _Seekers,
    rng: random.Random,
) -> bool:
    if action == "application" and seekers.tokens and postings:
        response = await client.post(
            "/api/applications",
            json={"posting_id": rng.choice(postings)},
            headers={"Authorization": f"Bearer {rng.choice(seekers.tokens)}"},
        )
        return response.status_code in (200, 201)
    if action == "resume":
        response = await client.post("/api/resumes", json=_resume(fair_id, rng))
        if response.status_code == 201:
            seekers.tokens.append(response.json()["token"])
        return response.status_code == 201
    phone = f"fm_csrf=simulated-{rng.getrandbits(128):032x}"  # a scan counts once per visitor
    response = await client.post(
        f"/api/fairs/{fair_id}/hits",
        json={"page": "scan", "source": "simulate"},
        headers={"Cookie": phone},
    )
    return response.status_code == 204


async def simulate(
    *,
    base_url: str,
    fair_id: int,
    rate: float,
    duration: float,
    max_events: int = 10_000,
    seed: int = 7,
    mix: tuple[float, float, float] = (0.5, 0.2, 0.3),
) -> SimulationResult:
    """Play seekers scanning, sending résumés and applying at `rate` per second, then stop."""
    rng = random.Random(seed)
    result = SimulationResult()
    seekers = _Seekers()
    total = min(max_events, max(1, int(rate * duration)))
    limit = asyncio.Semaphore(32)
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        postings = await _posting_ids(client, fair_id)

        async def one(action: str) -> None:
            async with limit:
                try:
                    ok = await _act(
                        client,
                        action,
                        fair_id=fair_id,
                        postings=postings,
                        seekers=seekers,
                        rng=rng,
                    )
                except httpx.HTTPError:
                    ok = False
            result.sent[action] += ok
            result.failed += not ok

        tasks = []
        for index in range(total):
            await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
            action = rng.choices(("scan", "resume", "application"), weights=mix)[0]
            if action == "application" and not seekers.tokens:
                action = "resume"
            tasks.append(asyncio.create_task(one(action)))
        await asyncio.gather(*tasks)
    result.seconds = round(time.monotonic() - started, 2)
    return result


async def sse_frames(response: httpx.Response) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of a Server-Sent Events response, as they arrive."""
    event = ""
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            yield event, json.loads(line[6:])


async def measure_latency(
    *, base_url: str, fair_id: int, token: str, rate: float = 100.0, duration: float = 10.0
) -> dict[str, Any]:
    """Event-to-stream latency of applications at `rate`/s: p50, p95, max in milliseconds.

    The n-th application to be acknowledged (committed and published) is on screen when a
    stream frame first brings the applications total to the starting total + n. Latency is
    measured from the acknowledgement and, as `from_request_*`, from the request's start
    (which adds the server's queueing when it cannot keep up with the rate).
    """
    sent_at: dict[int, float] = {}
    acked_at: dict[int, float] = {}
    seen_at: dict[int, float] = {}
    acked = 0
    count = max(1, int(rate * duration))
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        postings = await _posting_ids(client, fair_id)
        rng = random.Random(11)
        seekers = _Seekers()
        for _ in range(-(-count // max(1, len(postings)))):
            await _act(
                client, "resume", fair_id=fair_id, postings=postings, seekers=seekers, rng=rng
            )
        pairs = [(token, posting) for token in seekers.tokens for posting in postings][:count]
        headers = {"Authorization": f"Bearer {token}"}
        async with client.stream(
            "GET", f"/api/fairs/{fair_id}/stats/stream", headers=headers, timeout=None
        ) as stream:
            frames = sse_frames(stream)
            _, snapshot = await anext(frames)
            base = snapshot["totals"]["application"]

            all_seen = asyncio.Event()

            async def watch() -> None:
                total = base
                async for name, body in frames:
                    if name == "delta":
                        total += body["totals"].get("application", 0)
                        now = time.monotonic()
                        for n in range(len(seen_at) + 1, total - base + 1):
                            seen_at[n] = now
                        if len(seen_at) >= len(pairs):
                            all_seen.set()

            watcher = asyncio.create_task(watch())

            async def apply_once(seeker: str, posting: int) -> None:
                nonlocal acked
                start = time.monotonic()
                response = await client.post(
                    "/api/applications",
                    json={"posting_id": posting},
                    headers={"Authorization": f"Bearer {seeker}"},
                )
                if response.status_code == 201:
                    acked += 1
                    sent_at[acked] = start
                    acked_at[acked] = time.monotonic()

            started = time.monotonic()
            tasks = []
            for index, (seeker, posting) in enumerate(pairs):
                await asyncio.sleep(max(0.0, started + index / rate - time.monotonic()))
                tasks.append(asyncio.create_task(apply_once(seeker, posting)))
            await asyncio.gather(*tasks)
            if len(seen_at) < acked:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(all_seen.wait(), 5)
            watcher.cancel()
    shown = [n for n in acked_at if n in seen_at]
    if not shown:
        return {"events": 0, "missed": acked}
    committed = _percentiles([seen_at[n] - acked_at[n] for n in shown])
    requested = _percentiles([seen_at[n] - sent_at[n] for n in shown])
    return {
        "events": len(shown),
        "missed": acked - len(shown),
        "rate_per_s": rate,
        "seconds": round(max(acked_at.values()) - min(sent_at.values()), 2),
        **committed,
        **{f"from_request_{key}": value for key, value in requested.items()},
    }


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(value * 1000 for value in seconds)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


async def simulate_command(
    *,
    base_url: str,
    fair_id: int,
    rate: str,
    duration: float,
    max_events: int,
    measure: str | None,
) -> dict[str, Any]:
    """`fairmatch simulate`: play seekers (or, given an organizer token, measure latency)."""
    per_second = parse_rate(rate)
    seconds = min(max(duration, 0.1), 3600.0)
    if measure:
        return await measure_latency(
            base_url=base_url, fair_id=fair_id, token=measure, rate=per_second, duration=seconds
        )
    done = await simulate(
        base_url=base_url,
        fair_id=fair_id,
        rate=per_second,
        duration=seconds,
        max_events=max_events,
    )
    return {"sent": done.sent, "failed": done.failed, "seconds": done.seconds}
