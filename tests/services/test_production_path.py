"""The production path end to end: PostgreSQL + Redis + a real Celery worker + the ES backend.

No Elasticsearch server can run here, so the Elasticsearch backend talks to osmem-server (an
in-memory OpenSearch-compatible server) with FAIRMATCH_ES_FLAVOR=compatible: text search is real,
vector similarity comes from the vectors stored with each document.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from search.types import IndexName
from services.config import SearchKind, Settings
from tests.conftest import POSTGRES_UP, REDIS_UP
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume
from tests.services.test_celery_worker import (
    CELERY_REDIS_URL,
    broker_idle,
    start_worker,
    wait_until,
)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.skipif(not REDIS_UP, reason="Redis is not running on 127.0.0.1:6379"),
    pytest.mark.skipif(not POSTGRES_UP, reason="PostgreSQL is not running on 127.0.0.1:5432"),
]


@pytest.fixture(params=["postgres"])
def database_url(request: pytest.FixtureRequest, postgres_migrated: str) -> Iterator[str]:
    """Production runs on PostgreSQL only."""
    from tests.services.conftest import _truncate_postgres

    _truncate_postgres(postgres_migrated)
    yield postgres_migrated


@pytest.fixture
def settings(settings: Settings, osmem_clone: Any) -> Iterator[Settings]:
    redis.Redis.from_url(CELERY_REDIS_URL).flushdb()
    yield settings.model_copy(
        update={
            "redis_url": CELERY_REDIS_URL,
            "search_backend": SearchKind.elasticsearch,
            "es_url": osmem_clone.url,
            "es_flavor": "compatible",
        }
    )
    redis.Redis.from_url(CELERY_REDIS_URL).flushdb()


async def test_write_index_search_rank_delete(api: Api, settings: Settings, tmp_path: Path) -> None:
    broker = redis.Redis.from_url(CELERY_REDIS_URL)
    worker = start_worker(settings, tmp_path / "worker", tmp_path / "worker.log")
    try:
        fair_id = await make_fair(api)
        firm = await make_enterprise(api, fair_id)
        posting = await make_posting(api, firm["token"], fair_id)
        lathe = await make_resume(api, name="张伟")
        cook = await make_resume(
            api,
            name="刘芳",
            major="烹饪",
            desired_title="厨师",
            skills="中餐 烹饪",
            experience="在饭店做了五年厨师，擅长川菜。",
            certificates=[],
        )
        applied = await api.request(
            "POST", "/api/applications", token=cook["token"], json={"posting_id": posting["id"]}
        )
        assert applied.status_code == 201
        await wait_until(lambda: broker_idle(broker), seconds=120)

        search = api.runtime.search
        assert await search.all_ids(IndexName.resumes) == {lathe["id"], cook["id"]}
        found = await api.request("GET", "/api/postings", params={"q": "数控车工"})
        assert [p["id"] for p in found.json()["items"]] == [posting["id"]]

        ranked = await api.request(
            "GET", f"/api/postings/{posting['id']}/candidates", token=firm["token"]
        )
        assert ranked.status_code == 200
        order = [c["resume_id"] for c in ranked.json()["items"]]
        assert order.index(lathe["id"]) < order.index(cook["id"])  # the applicant is still listed

        gone = await api.request("DELETE", f"/api/resumes/{lathe['id']}", token=lathe["token"])
        assert gone.status_code == 204
        await wait_until(lambda: broker_idle(broker), seconds=60)
        assert await search.all_ids(IndexName.resumes) == {cook["id"]}
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    log = (tmp_path / "worker.log").read_text(errors="replace")
    assert "succeeded" in log, log[-3000:]
