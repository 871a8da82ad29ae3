"""Capacity of one kind of request at a time on loopback; prints one JSON object.

The fair-opening run (bench/load.py) mixes everything; this one asks how far each busy route goes
alone: `concurrency` clients send browse pages, then searches, then applications back to back
for `seconds` each. Per phase it reports the rate, latency percentiles, statuses and the server's
CPU time per request (where the time goes), and after the apply phase it checks that every
acknowledged application is in the database exactly once.
Example: python bench/capacity.py --seconds 30 --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bench.fairserver import ServedFair, cache_share
from bench.production import add_fair_options, bench_fair, fair_setup
from bench.scenario import Answer, Posting, Recorder, open_postings, resume_body
from bench.verify import (
    application_count,
    latency_summary,
    settings_from_env,
    stored_and_indexed,
)
from services.core.simulate import TITLES

Request = Callable[[random.Random], Awaitable[Answer | None]]


async def phase(
    kind: str,
    send: Request,
    rec: Recorder,
    fair: ServedFair,
    *,
    seconds: float,
    concurrency: int,
) -> dict[str, Any]:
    """`concurrency` loops sending one kind of request until `seconds` have passed."""
    cache_before = await fair.cache_counts()
    deadline = time.perf_counter() + seconds
    cpu_before = fair.cpu_seconds()

    async def loop(number: int) -> None:
        rng = random.Random(number)
        while time.perf_counter() < deadline:
            await send(rng)

    await asyncio.gather(*(loop(n) for n in range(concurrency)))
    cpu = fair.cpu_seconds() - cpu_before
    cache = await fair.cache_counts()
    start, end = rec.spans[kind]
    count = len(rec.latencies[kind])
    return latency_summary(rec.latencies[kind], end - start) | {
        "status": dict(rec.statuses[kind]),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(count, 1), 2),
        "answered_from_cache": cache_share(cache_before, cache),
    }


async def seekers_for_applying(
    client: aiohttp.ClientSession, rec: Recorder, fair_id: int, count: int
) -> list[tuple[int, str]]:
    """Create `count` résumés (four at a time); returns their ids and tokens."""
    made: list[tuple[int, str]] = []
    gate = asyncio.Semaphore(4)

    async def create(number: int) -> None:
        async with gate:
            body = resume_body(random.Random(number), fair_id, 500_000 + number)
            answer = await rec.call("resume", client, "POST", "/api/resumes", json=body)
        if answer is not None and answer.status == 201:
            made.append((answer.body["id"], answer.body["token"]))

    await asyncio.gather(*(create(n) for n in range(count)))
    return made


async def measure(fair: ServedFair, args: argparse.Namespace) -> dict[str, Any]:
    settings = settings_from_env(fair.env)
    rec = Recorder(args.concurrency)
    applied: list[dict[str, int]] = []
    async with aiohttp.ClientSession(
        base_url=fair.base_url,
        connector=aiohttp.TCPConnector(limit=args.concurrency),
        timeout=aiohttp.ClientTimeout(total=30),
        cookie_jar=aiohttp.DummyCookieJar(),
    ) as client:
        postings: list[Posting] = await open_postings(client)
        fair_id = postings[0].fair_id
        pages = max(1, len(postings) // 20)
        seekers = await seekers_for_applying(client, rec, fair_id, args.seekers)
        await fair.wait_queue_empty(args.settle)  # the résumés' indexing finishes first
        rows_before = await application_count(settings, fair_id)
        pairs = [(token, p.id) for _, token in seekers for p in postings]
        random.Random(7).shuffle(pairs)
        next_pair = iter(pairs)

        async def browse(rng: random.Random) -> Answer | None:
            params = {"fair_id": str(fair_id), "page": str(rng.randint(1, min(pages, 50)))}
            return await rec.call("browse", client, "GET", "/api/postings", params=params)

        async def search(rng: random.Random) -> Answer | None:
            params = {"fair_id": str(fair_id), "q": rng.choice(TITLES)}
            return await rec.call("search", client, "GET", "/api/postings", params=params)

        async def apply(rng: random.Random) -> Answer | None:
            token, posting_id = next(next_pair)
            answer = await rec.call(
                "apply",
                client,
                "POST",
                "/api/applications",
                json={"posting_id": posting_id},
                headers={"Authorization": f"Bearer {token}"},
            )
            if answer is not None and answer.status in (200, 201):
                got = answer.body
                applied.append({k: got[k] for k in ("id", "resume_id", "posting_id")})
                applied[-1]["status"] = answer.status
            return answer

        async def page(rng: random.Random) -> Answer | None:
            return await rec.call("page", client, "GET", f"/f/{fair_id}")

        async def resume(rng: random.Random) -> Answer | None:
            body = resume_body(rng, fair_id, rng.randrange(10**8))
            answer = await rec.call("resume", client, "POST", "/api/resumes", json=body)
            if answer is not None and answer.status == 201:
                created.append(answer.body["id"])
            return answer

        created: list[int] = []
        phases: dict[str, Any] = {}
        senders = {"browse": browse, "search": search, "apply": apply, "page": page}
        senders["resume"] = resume
        for kind in args.phases.split(","):
            phases[kind] = await phase(
                kind,
                senders[kind],
                rec,
                fair,
                seconds=args.seconds,
                concurrency=args.concurrency,
            )
    fair.stop()
    checks = await stored_and_indexed(
        settings,
        applications=applied,
        resumes=[resume_id for resume_id, _ in seekers] + created,
        rows_before=rows_before,
        fair_id=fair_id,
    )
    return {"phases": phases, "integrity": checks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each phase")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--seekers", type=int, default=400, help="résumés that apply")
    parser.add_argument(
        "--settle", type=float, default=300.0, help="longest wait for indexing before the phases"
    )
    parser.add_argument(
        "--phases",
        default="browse,search,apply",
        help="which, in this order (also: page = the fair's job page, resume = new résumés)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="answer every anonymous read afresh"
    )
    add_fair_options(parser)
    args = parser.parse_args()
    overrides = {"FAIRMATCH_PUBLIC_CACHE_SECONDS": "0"} if args.no_cache else {}
    with bench_fair(args, overrides) as fair:
        result = asyncio.run(measure(fair, args))
    report = {
        "bench": "capacity",
        "setup": fair_setup(args)
        | {
            "concurrency": args.concurrency,
            "phase_seconds": args.seconds,
            "public_cache": not args.no_cache,
        },
    } | result
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
