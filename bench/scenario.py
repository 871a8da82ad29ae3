"""A fair opening over HTTP: seekers browse, search, send a résumé and apply; firms rank.

Seekers arrive evenly over `arrival_seconds`; each runs its visit back to back. A gate of
`concurrency` requests stands for the phones in flight (the firms' computers do not queue behind
it); latency is timed inside the gate, so it is the server's answer time, not time spent
queueing in the driver. The driver uses aiohttp:
httpx spends several milliseconds of CPU per request, which on two cores starves the server.
Everything stops by itself: seekers still busy `grace_seconds` after the last arrival are cut
and reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.simulate import SURNAMES, TITLES

DEMO_PASSWORD = "fairmatch-demo"


@dataclass(frozen=True)
class Plan:
    """How many people do what."""

    seekers: int = 1500
    arrival_seconds: float = 60.0
    browse: int = 10
    searches: int = 10
    applies: int = 12
    firms: int = 80
    firm_think_seconds: float = 15.0
    download_every: int = 5
    concurrency: int = 64
    grace_seconds: float = 60.0


@dataclass(frozen=True)
class Posting:
    id: int
    fair_id: int
    enterprise_id: int


@dataclass
class Ledger:
    """What the server acknowledged with a 2xx: the driver later checks that all of it exists."""

    applications: list[dict[str, int]] = field(default_factory=list)
    resumes: list[int] = field(default_factory=list)
    unacknowledged_writes: int = 0
    applications_cut: int = 0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


class Recorder:
    """Latency and status of every request, by kind."""

    def __init__(self, concurrency: int) -> None:
        self.gate = asyncio.Semaphore(concurrency)
        self.latencies: defaultdict[str, list[float]] = defaultdict(list)
        self.statuses: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.spans: dict[str, list[float]] = {}

    async def call(
        self,
        kind: str,
        client: aiohttp.ClientSession,
        method: str,
        url: str,
        *,
        gated: bool = True,
        scheduled: float | None = None,
        **kwargs: Any,
    ) -> Answer | None:
        """Send one request; None when it failed below HTTP (counted by exception name).

        `gated=False` is for the firms' own computers, which do not queue behind the phones.
        `scheduled` (a perf_counter time) is when an open-loop driver meant to send it: latency
        then counts from there, waiting at the gate included, so a stalled server cannot hide
        its stall by slowing the driver down (no coordinated omission).
        """
        async with self.gate if gated else contextlib.nullcontext():
            started = time.perf_counter() if scheduled is None else scheduled
            try:
                async with client.request(method, url, **kwargs) as response:
                    raw = await response.read()
                    status = response.status
                    json_body = response.content_type == "application/json"
            except (aiohttp.ClientError, TimeoutError) as exc:
                self.statuses[kind][type(exc).__name__] += 1
                return None
            finished = time.perf_counter()
        self.latencies[kind].append((finished - started) * 1000)
        self.statuses[kind][str(status)] += 1
        span = self.spans.setdefault(kind, [started, finished])
        span[0], span[1] = min(span[0], started), max(span[1], finished)
        return Answer(status, json.loads(raw) if json_body else None)


async def open_postings(client: aiohttp.ClientSession) -> list[Posting]:
    """Every open posting, page by page."""
    found: list[Posting] = []
    for page in range(1, 1001):
        params = {"page": str(page), "page_size": "100"}
        async with client.get("/api/postings", params=params) as response:
            response.raise_for_status()
            items = (await response.json())["items"]
        found += [Posting(p["id"], p["fair_id"], p["enterprise_id"]) for p in items]
        if len(items) < 100:
            break
    return found


def resume_body(rng: random.Random, fair_id: int, number: int) -> dict[str, object]:
    title = rng.choice(TITLES)
    return {
        "name": rng.choice(SURNAMES) + "师傅",
        "phone": f"139{number:08d}",
        "education": "secondary_vocational",
        "school": "常州技师学院",
        "major": title,
        "skill_level": rng.choice(("junior", "intermediate", "senior")),
        "certificates": [f"{title}职业技能等级证书"],
        "years_experience": rng.randint(0, 15),
        "experience": f"从事{title}工作，熟悉设备操作与质量控制。",
        "skills": title,
        "desired_title": title,
        "fair_id": fair_id,
        "open_to_recommendations": rng.random() < 0.8,  # as many opt in as in the demo
        "consent": True,
    }


async def seeker(
    number: int,
    *,
    client: aiohttp.ClientSession,
    rec: Recorder,
    ledger: Ledger,
    postings: list[Posting],
    plan: Plan,
) -> None:
    """Scan, browse, search, read one posting, send a résumé, apply to several postings."""
    rng = random.Random(number)
    fair_id = postings[0].fair_id
    pages = max(1, len(postings) // 20)
    await rec.call("page", client, "GET", f"/f/{fair_id}")
    for _ in range(plan.browse):
        params = {"fair_id": str(fair_id), "page": str(rng.randint(1, min(pages, 50)))}
        await rec.call("browse", client, "GET", "/api/postings", params=params)
    for _ in range(plan.searches):
        query = {"fair_id": str(fair_id), "q": rng.choice(TITLES)}
        await rec.call("search", client, "GET", "/api/postings", params=query)
    await rec.call("browse", client, "GET", f"/api/postings/{rng.choice(postings).id}")
    created = await rec.call(
        "resume", client, "POST", "/api/resumes", json=resume_body(rng, fair_id, number)
    )
    if created is None or created.status != 201:
        ledger.unacknowledged_writes += created is None
        return
    body = created.body
    ledger.resumes.append(body["id"])
    headers = {"Authorization": f"Bearer {body['token']}"}
    for target in rng.sample(postings, min(plan.applies, len(postings))):
        try:
            answer = await rec.call(
                "apply",
                client,
                "POST",
                "/api/applications",
                json={"posting_id": target.id},
                headers=headers,
            )
        except asyncio.CancelledError:  # cut at the deadline: it may or may not have landed
            ledger.applications_cut += 1
            raise
        if answer is None:
            ledger.unacknowledged_writes += 1
        elif answer.status in (200, 201):
            got = answer.body
            ledger.applications.append(
                {
                    "id": got["id"],
                    "resume_id": got["resume_id"],
                    "posting_id": got["posting_id"],
                    "status": answer.status,
                }
            )


async def firm(
    number: int,
    *,
    client: aiohttp.ClientSession,
    rec: Recorder,
    postings: list[Posting],
    plan: Plan,
    done: asyncio.Event,
) -> None:
    """Log in, then rank candidates of own postings and now and then download the list."""
    rng = random.Random(10_000 + number)
    login = {"username": f"ent{number:03d}", "password": DEMO_PASSWORD}
    answer = await rec.call("login", client, "POST", "/api/auth/login", gated=False, json=login)
    if answer is None or answer.status != 200:
        return
    session = answer.body
    own = [p.id for p in postings if p.enterprise_id == session["enterprise_id"]]
    headers = {"Authorization": f"Bearer {session['token']}"}
    turn = 0
    while own and not done.is_set():
        posting_id = rng.choice(own)
        url = f"/api/postings/{posting_id}/candidates"
        await rec.call(
            "rank", client, "GET", url, gated=False, params={"limit": "20"}, headers=headers
        )
        turn += 1
        if turn % plan.download_every == 0:
            await rec.call(
                "download",
                client,
                "GET",
                f"{url}/export",
                gated=False,
                params={"limit": "50"},
                headers=headers,
            )
        pause = plan.firm_think_seconds * rng.uniform(0.5, 1.5)
        try:
            await asyncio.wait_for(done.wait(), timeout=pause)
        except TimeoutError:
            continue


@dataclass
class Run:
    rec: Recorder
    ledger: Ledger
    postings: list[Posting]
    seconds: float
    seekers_cut: int


async def fair_opening(base_url: str, plan: Plan) -> Run:
    """Play the opening against base_url; returns once every seeker finished or was cut."""
    connector = aiohttp.TCPConnector(limit=plan.concurrency + plan.firms)
    async with aiohttp.ClientSession(
        base_url=base_url,
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=30),
        cookie_jar=aiohttp.DummyCookieJar(),  # each simulated phone names its own token
    ) as client:
        postings = await open_postings(client)
        rec, ledger, done = Recorder(plan.concurrency), Ledger(), asyncio.Event()
        started = time.perf_counter()
        firms = [
            asyncio.create_task(
                firm(n, client=client, rec=rec, postings=postings, plan=plan, done=done)
            )
            for n in range(1, plan.firms + 1)
        ]
        seekers: list[asyncio.Task[None]] = []
        for number in range(plan.seekers):
            arrival = started + number * plan.arrival_seconds / plan.seekers
            await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
            seekers.append(
                asyncio.create_task(
                    seeker(
                        number, client=client, rec=rec, ledger=ledger, postings=postings, plan=plan
                    )
                )
            )
        _, cut = await asyncio.wait(seekers, timeout=plan.grace_seconds)
        for task in cut:
            task.cancel()
        await asyncio.gather(*cut, return_exceptions=True)
        seconds = time.perf_counter() - started
        done.set()
        await asyncio.gather(*firms, return_exceptions=True)
    return Run(rec, ledger, postings, seconds, len(cut))
