"""PostgreSQL briefly unreachable (a proxy we cut): writes answer 503 and leave nothing behind."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from services.config import Environment, SearchKind, Settings
from services.models import Application, Resume
from tests.conftest import POSTGRES_UP, POSTGRES_URL
from tests.reliability.faults import TcpProxy
from tests.services.conftest import ADMIN_TOKEN, Api, _truncate_postgres
from tests.services.factories import (
    make_enterprise,
    make_fair,
    make_posting,
    make_resume,
    resume_body,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_UP, reason="PostgreSQL is not running on 127.0.0.1:5432"),
]


@pytest.fixture
async def proxy(postgres_migrated: str) -> AsyncIterator[TcpProxy]:
    _truncate_postgres(postgres_migrated)
    forward = TcpProxy(target_port=5432)
    await forward.start()
    yield forward
    await forward.cut()


@pytest.fixture
def settings(proxy: TcpProxy, tmp_path: Path) -> Settings:
    """The app reaches PostgreSQL only through the proxy."""
    return Settings(
        environment=Environment.test,
        database_url=POSTGRES_URL.replace(":5432/", f":{proxy.port}/"),
        data_dir=tmp_path / "data",
        admin_token=ADMIN_TOKEN,
        search_backend=SearchKind.embedded,
        redis_url=None,
    )


def counts() -> tuple[int, int]:
    """(résumés, applications) as PostgreSQL itself holds them, bypassing the proxy."""
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as conn:
            resumes = conn.scalar(select(func.count(Resume.id))) or 0
            applications = conn.scalar(select(func.count(Application.id))) or 0
            return int(resumes), int(applications)
    finally:
        engine.dispose()


async def test_writes_answer_503_then_succeed_without_half_written_rows(
    api: Api, proxy: TcpProxy
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api)
    await api.settle()
    before = counts()

    await proxy.cut()
    created = await api.request("POST", "/api/resumes", json=resume_body(name="断网时提交"))
    applied = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    for answer in (created, applied):
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"] == "DatabaseUnavailable"
        assert "数据库" in answer.json()["detail"]
    assert counts() == before  # nothing half-written

    await proxy.start()
    retried = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    assert retried.status_code == 201, retried.text
    assert counts() == (before[0], before[1] + 1)
