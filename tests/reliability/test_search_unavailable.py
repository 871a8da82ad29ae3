"""Search engine unreachable (a proxy we cut): search answers 503, writes succeed and get indexed.

The Elasticsearch backend talks to osmem-server (OpenSearch-compatible) through the proxy; the
in-process queue retries indexing, and `reindex` heals whatever outlived the retries.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from search.types import IndexName
from services.config import SearchKind, Settings
from services.matching.reindex import reindex
from services.tasks.queue import InProcessQueue
from tests.reliability.faults import TcpProxy
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume


@pytest.fixture
async def proxy(osmem_clone: Any) -> AsyncIterator[TcpProxy]:
    forward = TcpProxy(target_port=int(urlsplit(osmem_clone.url).port or 0))
    await forward.start()
    yield forward
    await forward.cut()


@pytest.fixture
def settings(settings: Settings, proxy: TcpProxy) -> Settings:
    return settings.model_copy(
        update={
            "search_backend": SearchKind.elasticsearch,
            "es_url": f"http://127.0.0.1:{proxy.port}",
            "es_flavor": "compatible",
        }
    )


async def test_search_503_while_writes_succeed_and_are_indexed_afterwards(
    api: Api, proxy: TcpProxy
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    await api.settle()
    queue = api.runtime.queue
    assert isinstance(queue, InProcessQueue)

    await proxy.cut()
    search = await api.request("GET", "/api/postings", params={"q": "数控车工"})
    assert search.status_code == 503
    assert search.json() == {
        "error": "SearchUnavailable",
        "detail": "搜索服务暂时不可用 / Search is temporarily unavailable",
    }
    listed = await api.request("GET", "/api/postings", params={"fair_id": fair_id})
    assert listed.status_code == 200  # browsing reads the database, not the engine

    healed_by_retry = await make_resume(api, name="重试")
    applied = await api.request(
        "POST",
        "/api/applications",
        token=healed_by_retry["token"],
        json={"posting_id": posting["id"]},
    )
    assert applied.status_code == 201
    await asyncio.sleep(0.3)  # the first attempt fails; the engine returns before the retries end
    await proxy.start()
    await api.settle()
    assert healed_by_retry["id"] in await api.runtime.search.all_ids(IndexName.resumes)

    await proxy.cut()
    left_behind = await make_resume(api, name="补录")
    await api.settle()  # every retry fails while the engine stays away
    assert queue.failed and queue.failed[-1][1]["ids"] == [left_behind["id"]]
    await proxy.start()
    report: Any = await reindex(api.runtime, full=False)
    assert report["resumes"]["before"]["missing_from_index"] == 1
    assert report["resumes"]["after"]["missing_from_index"] == 0
    assert report["postings"]["after"]["missing_from_index"] == 0
    found = await api.request("GET", "/api/postings", params={"q": "数控车工"})
    assert found.status_code == 200 and found.json()["total"] == 1
