"""kill -9 of the Celery worker in the middle of indexing: after a restart everything is indexed
(acks_late, idempotent tasks, a short visibility timeout) and reindex finds zero drift."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from search.types import IndexName
from services.config import Settings
from services.matching.reindex import measure_drift
from services.runtime import open_runtime
from services.tasks.routing import QUEUE_NAMES
from tests.reliability.faults import REDIS_SERVER, PrivateRedis
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


@pytest.fixture
def settings(settings: Settings, redis_server: PrivateRedis) -> Settings:
    return settings.model_copy(update={"redis_url": redis_server.url})


def start_worker(settings: Settings, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """A real `fairmatch worker` in its own process group (so kill -9 reaches its children)."""
    env = os.environ | {
        "FAIRMATCH_DATABASE_URL": settings.database_url,
        "FAIRMATCH_REDIS_URL": settings.redis_url or "",
        "FAIRMATCH_DATA_DIR": str(data_dir),
        "FAIRMATCH_ENVIRONMENT": "test",
        "FAIRMATCH_CELERY_VISIBILITY_TIMEOUT": "3",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "services.cli", "worker", "--concurrency", "1"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


async def wait_for(predicate: object, seconds: float) -> None:
    assert callable(predicate)
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.1)


def idle(broker: redis.Redis) -> bool:
    waiting = sum(int(broker.llen(q)) for q in QUEUE_NAMES)
    return waiting == 0 and int(broker.hlen("unacked")) == 0


async def test_killed_worker_loses_no_indexing(
    api: Api, settings: Settings, redis_server: PrivateRedis, tmp_path: Path
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    resumes = {(await make_resume(api, name=f"工人{i}"))["id"] for i in range(12)}
    broker = redis.Redis.from_url(redis_server.url)
    log = tmp_path / "worker.log"
    worker_dir = tmp_path / "worker"

    worker = start_worker(settings, worker_dir, log)
    try:
        await wait_for(lambda: log.read_text(errors="replace").count("succeeded") >= 2, 180)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        assert not idle(broker)  # killed mid-way: work waits or is delivered but unacknowledged

        worker = start_worker(settings, worker_dir, log)
        await wait_for(lambda: idle(broker), 180)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)

    async with open_runtime(settings.model_copy(update={"data_dir": worker_dir})) as runtime:
        assert await runtime.search.all_ids(IndexName.resumes) == resumes
        assert await runtime.search.all_ids(IndexName.postings) == {posting["id"]}
        for index in IndexName:
            drift = await measure_drift(runtime, index)
            assert drift.missing_from_index == drift.orphaned_in_index == []
