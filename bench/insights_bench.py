"""How long the talent demand map's pages and API answer on a city of 100,000 postings.

`python -m bench.insights_bench --postings 100000 [--repeat 5] [--postgres URL] [--profile NAME]`

Fills a scratch database as bench/catalogue_bench.py does (24 fairs over two years, 2,000 firms,
`postings` postings, as many résumés), starts the app on it in this process and times, through
HTTP (httpx over ASGI, no network): the organizer's map page (signed in with the cookie), the
public page, the public page narrowed to one fair, and /api/insights/demand (organizer, anonymous)
and /api/insights/shortages. Prints one JSON object: p50 / p95 / max in milliseconds per request.
`--profile NAME` also writes cProfile's top functions of one such request to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import httpx

from bench.catalogue_bench import PERIOD, fill
from bench.ingest_rank import percentiles
from bench.scratch_database import scratch_postgres
from services.app import create_app
from services.config import Environment, SearchKind, Settings
from services.migrate import upgrade

ADMIN_TOKEN = "fm_o_insights-bench-token"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
DAYS = f"from={PERIOD.start}&to={PERIOD.end}"
REQUESTS = {  # name -> (path and query, organizer)
    "organizer_page": (f"/organizer/insights?{DAYS}", True),
    "public_page": (f"/insights?{DAYS}", False),
    "public_page_one_fair": (f"/insights?{DAYS}&fair_id=12", False),
    "api_demand_organizer": (f"/api/insights/demand?{DAYS}", True),
    "api_demand_public": (f"/api/insights/demand?{DAYS}", False),
    "api_shortages": (f"/api/insights/shortages?{DAYS}", False),
}


async def _signed_in(client: httpx.AsyncClient) -> None:
    """The organizer's cookie, as a person signs in (the form's CSRF token, then the post)."""
    form = await client.get("/dashboard/login", params={"next": "/organizer/insights"})
    found = _CSRF.search(form.text)
    assert found, "the sign-in page has no CSRF token"
    await client.post(
        "/dashboard/login",
        data={"token": ADMIN_TOKEN, "csrf": found.group(1), "next": "/organizer/insights"},
    )


async def _get(organizer: httpx.AsyncClient, public: httpx.AsyncClient, name: str) -> float:
    path, signed = REQUESTS[name]
    client = organizer if signed else public
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"} if signed and "/api/" in path else {}
    started = time.perf_counter()
    response = await client.get(path, headers=headers)
    took = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (name, response.status_code, response.text[:300])
    return took


async def measure(url: str, workdir: Path, *, repeat: int, profile: str | None) -> dict[str, Any]:
    """Milliseconds per request of each REQUESTS entry, `repeat` times after one warm-up."""
    settings = Settings(
        environment=Environment.test,
        database_url=url,
        data_dir=workdir,
        admin_token=ADMIN_TOKEN,
        search_backend=SearchKind.embedded,
        redis_url=None,
    )
    app = create_app(settings)
    timings: dict[str, Any] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        base = "http://bench"
        async with (
            httpx.AsyncClient(transport=transport, base_url=base, timeout=600) as organizer,
            httpx.AsyncClient(transport=transport, base_url=base, timeout=600) as public,
        ):
            await _signed_in(organizer)
            for name in REQUESTS:
                await _get(organizer, public, name)  # warm-up: templates, plans, caches
                samples = [await _get(organizer, public, name) for _ in range(repeat)]
                timings[name] = percentiles(samples)
            if profile:
                profiler = cProfile.Profile()
                profiler.enable()
                await _get(organizer, public, profile)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
                print(out.getvalue(), file=sys.stderr)
    return timings


def run(url: str, workdir: Path, *, postings: int, repeat: int, profile: str | None) -> Any:
    upgrade(url)
    started = time.perf_counter()
    counts = fill(url, postings=postings)
    filled = round(time.perf_counter() - started, 1)
    timings = asyncio.run(measure(url, workdir, repeat=repeat, profile=profile))
    return {"rows": counts, "fill_s": filled, "ms": timings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", choices=sorted(REQUESTS), help="cProfile one request")
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL to create a scratch database on"
    )
    args = parser.parse_args()
    result: dict[str, Any] = {"postings": args.postings, "repeat": args.repeat}
    result["load_before"] = round(os.getloadavg()[0], 2)
    options = {"postings": args.postings, "repeat": args.repeat, "profile": args.profile}
    with tempfile.TemporaryDirectory(prefix="fairmatch-insights-") as tmp:
        result["sqlite"] = run(f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp), **options)
    if args.postgres:
        with (
            scratch_postgres(args.postgres, "fairmatch_insights_bench") as scratch,
            tempfile.TemporaryDirectory(prefix="fairmatch-insights-") as tmp,
        ):
            result["postgresql"] = run(scratch, Path(tmp), **options)
    result["load_after"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
