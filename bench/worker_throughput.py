"""Celery worker throughput for embedding + indexing résumés, measured on this machine.

Starts its own osmem-server (OpenSearch-compatible, text only) as the search engine, uses a
fresh PostgreSQL database `fm_bench` and Redis DB 11 on loopback, stores a demo fair, enqueues
`index.upsert` for every résumé and times real `fairmatch worker` processes draining the queue.
Prints one JSON object. Example: python bench/worker_throughput.py --resumes 1000 --concurrency 1 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from osmem_server import OsmemServer
from sqlalchemy import select

from bench.production import fresh_database, queue_idle
from services.config import SearchKind, Settings
from services.demo.generator import generate_demo_fair
from services.demo.loader import store_demo
from services.models import Resume
from services.runtime import open_runtime

PG_BENCH = "postgresql+psycopg://postgres@127.0.0.1:5432/fm_bench"
REDIS_BENCH = "redis://127.0.0.1:6379/11"
BATCH = 16


async def enqueue_all(settings: Settings, resumes: int) -> int:
    """Store a demo fair and enqueue index.upsert for its résumés in batches of 16."""
    async with open_runtime(settings) as runtime:
        await store_demo(runtime, generate_demo_fair(resumes=resumes))
        async with runtime.sessions() as session:
            ids = list((await session.scalars(select(Resume.id))).all())
        for start in range(0, len(ids), BATCH):
            await runtime.queue.enqueue(
                "index.upsert", index="resumes", ids=ids[start : start + BATCH]
            )
    return len(ids)


def run_worker(settings: Settings, concurrency: int, workdir: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "FAIRMATCH_DATABASE_URL": settings.database_url,
        "FAIRMATCH_REDIS_URL": REDIS_BENCH,
        "FAIRMATCH_SEARCH_BACKEND": "elasticsearch",
        "FAIRMATCH_ES_URL": settings.es_url or "",
        "FAIRMATCH_ES_FLAVOR": "compatible",
        "FAIRMATCH_DATA_DIR": str(workdir),
        "OPENBLAS_NUM_THREADS": "1",
    }
    log = (workdir / f"worker-{concurrency}.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli", "worker", "--concurrency", str(concurrency)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def measure(settings: Settings, resumes: int, concurrency: int, workdir: Path) -> dict[str, float]:
    client = redis.Redis.from_url(REDIS_BENCH)
    client.flushdb()
    fresh_database("fm_bench")
    count = asyncio.run(enqueue_all(settings, resumes))
    worker = run_worker(settings, concurrency, workdir)
    started = time.perf_counter()
    try:
        while not queue_idle(client):
            if time.perf_counter() - started > 1800:
                raise TimeoutError("the worker did not drain the queue in 30 minutes")
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
    return {
        "concurrency": concurrency,
        "resumes": count,
        "seconds_incl_worker_start": round(elapsed, 2),
        "resumes_per_s": round(count / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    server = OsmemServer.start()
    try:
        with tempfile.TemporaryDirectory(prefix="fm-worker-bench-") as tmp:
            settings = Settings(
                database_url=PG_BENCH,
                data_dir=Path(tmp),
                redis_url=REDIS_BENCH,
                search_backend=SearchKind.elasticsearch,
                es_url=server.url,
                es_flavor="compatible",
            )
            runs = [measure(settings, args.resumes, c, Path(tmp)) for c in args.concurrency]
    finally:
        server.close()
        redis.Redis.from_url(REDIS_BENCH).flushdb()
    print(json.dumps({"bench": "celery_worker_embedding_indexing", "runs": runs}))


if __name__ == "__main__":
    main()
