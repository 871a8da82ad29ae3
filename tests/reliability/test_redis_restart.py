"""Our own Redis dies during writes: applications and résumés are still accepted (the database
comes first; a task the broker cannot take runs in-process) and the live counters are right again
once it is back."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import func, select

from search.types import IndexName
from services.config import Settings
from services.models import Application, Posting
from tests.reliability.faults import REDIS_SERVER, PrivateRedis
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import (
    make_enterprise,
    make_fair,
    make_posting,
    make_resume,
    resume_body,
)

pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed")


@pytest.fixture
def settings(settings: Settings, redis_server: PrivateRedis) -> Settings:
    """Counters, rate limits and the task broker all live in the private Redis."""
    return settings.model_copy(update={"redis_url": redis_server.url})


async def until_indexed(api: Api, resume_id: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while resume_id not in await api.runtime.search.all_ids(IndexName.resumes):
        assert time.monotonic() < deadline, "the résumé was not indexed"
        await asyncio.sleep(0.2)


async def live_applications(api: Api, fair_id: int) -> int:
    answer = await api.request("GET", f"/api/fairs/{fair_id}/stats/live", token=ADMIN_TOKEN)
    assert answer.status_code == 200, answer.text
    count: int = answer.json()["totals"]["application"]
    return count


async def application_rows(api: Api, fair_id: int) -> int:
    async with api.runtime.sessions() as session:
        stmt = select(func.count(Application.id)).join(Posting).where(Posting.fair_id == fair_id)
        return int(await session.scalar(stmt) or 0)


async def test_applications_survive_a_redis_restart_and_counters_recover(
    api: Api, redis_server: PrivateRedis
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    titles = ("车工", "焊工", "钳工", "电工", "模具工", "质检员")
    postings = [await make_posting(api, firm["token"], fair_id, title=t) for t in titles]
    seekers = [await make_resume(api, name=f"工人{i}", fair_id=fair_id) for i in range(10)]
    pairs = [(s, p) for p in postings for s in seekers]  # 60 applications
    answers: list[int] = []
    answered = {15: asyncio.Event(), 35: asyncio.Event()}  # after 15 and 35 answers

    async def apply(seeker: dict[str, object], posting: dict[str, object]) -> None:
        answer = await api.request(
            "POST",
            "/api/applications",
            token=str(seeker["token"]),
            json={"posting_id": posting["id"]},
        )
        answers.append(answer.status_code)
        if len(answers) in answered:
            answered[len(answers)].set()

    async def phone(share: list[tuple[dict[str, object], dict[str, object]]]) -> None:
        for seeker, posting in share:
            await apply(seeker, posting)

    async def restart_midway() -> None:
        await answered[15].wait()
        redis_server.stop()
        await answered[35].wait()
        late = await api.request(
            "POST", "/api/resumes", json=resume_body(name="迟到", fair_id=fair_id)
        )
        assert late.status_code == 201, late.text  # committed: the broker's outage is not its
        await until_indexed(api, late.json()["id"])  # error; indexed in-process meanwhile
        redis_server.start()  # empty: a restart without persistence

    phones = [phone(pairs[n::4]) for n in range(4)]  # four phones applying side by side
    await asyncio.wait_for(asyncio.gather(*phones, restart_midway()), timeout=120)
    assert answers == [201] * 60  # accepted before, during and after the outage
    assert await application_rows(api, fair_id) == 60
    assert await live_applications(api, fair_id) == 60  # rebuilt from the database
