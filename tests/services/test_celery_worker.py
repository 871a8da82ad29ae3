"""Indexing flows through a real Celery worker over the Redis on 127.0.0.1:6379."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis

from search.embedded import EmbeddedBackend
from search.types import IndexName
from services.config import Settings
from tests.conftest import REDIS_UP, REDIS_URL
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1:6379"),
]

CELERY_REDIS_URL = REDIS_URL  # this session's own Redis db


@pytest.fixture
def settings(settings: Settings) -> Iterator[Settings]:
    """The API sends tasks to Celery through this session's Redis db, not in-process."""
    redis.Redis.from_url(CELERY_REDIS_URL).flushdb()
    yield settings.model_copy(update={"redis_url": CELERY_REDIS_URL})
    redis.Redis.from_url(CELERY_REDIS_URL).flushdb()


def start_worker(settings: Settings, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "FAIRMATCH_DATABASE_URL": settings.database_url,
        "FAIRMATCH_REDIS_URL": CELERY_REDIS_URL,
        "FAIRMATCH_DATA_DIR": str(data_dir),
        "FAIRMATCH_ENVIRONMENT": "test",
        "FAIRMATCH_CELERY_VISIBILITY_TIMEOUT": "5",
        "FAIRMATCH_SEARCH_BACKEND": settings.search_backend.value,
        "FAIRMATCH_ES_URL": settings.es_url or "",
        "FAIRMATCH_ES_FLAVOR": settings.es_flavor,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli", "worker", "--concurrency", "1"],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def broker_idle(client: redis.Redis) -> bool:
    """No message waiting in any queue and none delivered but unacknowledged."""
    queues = ("default", "indexing", "cpu", "exports")
    waiting = sum(int(client.llen(q)) for q in queues)
    unacked = int(client.hlen("unacked"))
    return waiting == 0 and unacked == 0


async def wait_until(predicate: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        await asyncio.sleep(0.25)
    raise AssertionError("condition not reached in time")


async def test_worker_indexes_what_the_api_committed(
    api: Api, settings: Settings, tmp_path: Path
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    resumes = [await make_resume(api, name=f"工人{i}") for i in range(5)]
    broker = redis.Redis.from_url(CELERY_REDIS_URL)
    assert int(broker.llen("indexing")) == 6  # nothing ran in-process: it all waits for a worker
    worker_dir = tmp_path / "worker-index"
    log_path = tmp_path / "worker.log"
    worker = start_worker(settings, worker_dir, log_path)

    def all_done() -> bool:
        # An idle broker alone is not enough: between two messages the queue can look empty
        # for an instant (seen under load), so also wait for the six tasks to have succeeded.
        succeeded = log_path.read_text(errors="replace").count("succeeded in")
        return succeeded >= 6 and broker_idle(broker)

    try:
        await wait_until(all_done, seconds=120)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    log = log_path.read_text(errors="replace")
    assert "succeeded" in log, log[-3000:]
    index = EmbeddedBackend(worker_dir / "index", dim=api.runtime.embedder.dim)
    try:
        assert await index.all_ids(IndexName.postings) == {posting["id"]}
        assert await index.all_ids(IndexName.resumes) == {r["id"] for r in resumes}
        doc = await index.get(IndexName.resumes, resumes[0]["id"])
        assert doc is not None and doc.vector is not None
    finally:
        await index.close()
