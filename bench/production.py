"""The production path on this machine: PostgreSQL, Redis, Celery workers and a search server.

No Elasticsearch server runs here, so the Elasticsearch backend talks to osmem-server (an
in-memory OpenSearch-compatible server, text search real, vectors stored with the documents),
as in tests/services/test_production_path.py.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import redis
from osmem_server import OsmemServer
from sqlalchemy import create_engine, text

from bench.fairserver import ServedFair, served_fair
from services.migrate import upgrade
from services.tasks.routing import QUEUE_NAMES

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_HOST = "redis://127.0.0.1:6379"


def fresh_database(name: str) -> str:
    """Drop and re-create a PostgreSQL database, migrate it, and return its URL."""
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url)
    return url


def queue_idle(client: redis.Redis) -> bool:
    """No task waiting and none delivered but unacknowledged."""
    waiting = sum(int(client.llen(q)) for q in QUEUE_NAMES)
    return waiting == 0 and int(client.hlen("unacked")) == 0


def wait_idle(redis_url: str, seconds: float) -> float:
    """Wait until the Celery queues are drained; returns the seconds it took."""
    client = redis.Redis.from_url(redis_url)
    started = time.perf_counter()
    while not queue_idle(client):
        if time.perf_counter() - started > seconds:
            raise TimeoutError(f"the workers did not drain the queue in {seconds:.0f} s")
        time.sleep(0.2)
    return time.perf_counter() - started


@contextmanager
def production_env(workdir: Path, *, database: str, redis_db: int) -> Iterator[dict[str, str]]:
    """Start a search server, a fresh database and an empty Redis DB; yield the settings."""
    redis_url = f"{REDIS_HOST}/{redis_db}"
    redis.Redis.from_url(redis_url).flushdb()
    metrics_dir = workdir / "prometheus"
    metrics_dir.mkdir(parents=True, exist_ok=True)
    server = OsmemServer.start()
    try:
        yield {
            "FAIRMATCH_DATABASE_URL": fresh_database(database),
            "FAIRMATCH_REDIS_URL": redis_url,
            "FAIRMATCH_SEARCH_BACKEND": "elasticsearch",
            "FAIRMATCH_ES_URL": server.url,
            "FAIRMATCH_ES_FLAVOR": "compatible",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
        }
    finally:
        server.close()
        redis.Redis.from_url(redis_url).flushdb()


@contextmanager
def celery_worker(env: dict[str, str], concurrency: int, log: Path) -> Iterator[None]:
    """A real `fairmatch worker`, stopped with SIGTERM (warm shutdown) afterwards."""
    with log.open("ab") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "services.cli", "worker", "--concurrency", str(concurrency)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=120)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)


@contextmanager
def production_fair(
    *,
    workdir: Path,
    resumes: int,
    workers: int,
    celery_concurrency: int = 1,
    overrides: dict[str, str] | None = None,
    profile: Path | None = None,
) -> Iterator[ServedFair]:
    """The demo fair served by `workers` uvicorn processes on PostgreSQL, Redis and Celery.

    Stopping the returned fair also waits until the Celery worker has drained its queue.
    """
    with production_env(workdir, database="fm_load", redis_db=12) as stack:
        settings = stack | (overrides or {})
        with (
            served_fair(
                workdir=workdir,
                resumes=resumes,
                workers=workers,
                overrides=settings,
                profile=profile,
            ) as fair,
            celery_worker(fair.env, celery_concurrency, workdir / "celery.log"),
        ):
            yield replace(fair, drain=lambda: wait_idle(settings["FAIRMATCH_REDIS_URL"], 600))


EMBEDDED = "sqlite + embedded index + in-process queue"
PRODUCTION = "postgresql + redis + celery worker + osmem-server (Elasticsearch API)"


def add_fair_options(parser: argparse.ArgumentParser) -> None:
    """The options of every load bench: the demo fair, the server's workers, the path."""
    parser.add_argument("--resumes", type=int, default=300, help="demo résumés loaded beforehand")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers (embedded: 1)")
    parser.add_argument(
        "--production", action="store_true", help="PostgreSQL + Redis + Celery instead"
    )
    parser.add_argument("--profile", type=Path, help="write a pyinstrument text report here")
    parser.add_argument("--workdir", type=Path, help="keep the data here (default: temp dir)")


def cpu_loop_ms() -> float:
    """Median time of a fixed pure-Python loop: how fast this machine's cores were just now.

    Shared virtual machines swing (seen here: 0.16 to 0.31 s for the same loop within one
    minute); reports carry this figure so that runs on different days can be compared.
    """
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def fair_setup(args: argparse.Namespace) -> dict[str, object]:
    """How the fair was served, for the report."""
    return {
        "demo_resumes": args.resumes,
        "workers": args.workers,
        "backend": PRODUCTION if args.production else EMBEDDED,
        "cpu_loop_ms": cpu_loop_ms(),
    }


@contextmanager
def bench_fair(args: argparse.Namespace, overrides: dict[str, str]) -> Iterator[ServedFair]:
    """The demo fair as `add_fair_options` asked: embedded default or production path."""
    with tempfile.TemporaryDirectory(prefix="fairmatch-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        serve = production_fair if args.production else served_fair
        with serve(
            workdir=workdir,
            resumes=args.resumes,
            workers=args.workers,
            overrides=overrides,
            profile=args.profile,
        ) as fair:
            yield fair
