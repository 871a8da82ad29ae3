"""Retention: résumés are purged 180 days after the seeker's last fair unless saved since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from search.types import IndexName
from services.db import utcnow
from services.models import Resume
from services.resumes.retention import purge_expired
from tests.services.conftest import Api
from tests.services.factories import make_fair, make_resume

FAIR_END = datetime(2025, 3, 1, 4, 0, tzinfo=UTC)  # factories.FAIR ends 12:00 +08:00


async def _saved_at(api: Api, resume_id: int, when: datetime) -> None:
    async with api.runtime.sessions() as session:
        await session.execute(update(Resume).where(Resume.id == resume_id).values(updated_at=when))
        await session.commit()


async def test_resumes_go_180_days_after_the_last_fair_unless_renewed(api: Api) -> None:
    fair_id = await make_fair(api)
    at_fair = await make_resume(api, fair_id=fair_id)
    renewed = await make_resume(api, fair_id=fair_id)
    no_fair = await make_resume(api)
    await _saved_at(api, at_fair["id"], FAIR_END - timedelta(days=1))
    await _saved_at(api, no_fair["id"], FAIR_END - timedelta(days=30))
    await api.settle()

    listed = await purge_expired(runtime=api.runtime, dry_run=True)
    assert [e.resume_id for e in listed] == [no_fair["id"], at_fair["id"]]
    assert listed[1].expires_at == FAIR_END + timedelta(days=180)
    assert listed[1].last_fair_end == FAIR_END
    day_before = await purge_expired(
        runtime=api.runtime, dry_run=True, now=FAIR_END + timedelta(days=179)
    )
    assert [e.resume_id for e in day_before] == [no_fair["id"]]

    purged = await purge_expired(runtime=api.runtime, dry_run=False)
    assert len(purged) == 2
    await api.settle()
    async with api.runtime.sessions() as session:
        assert await session.get(Resume, at_fair["id"]) is None
        assert await session.get(Resume, renewed["id"]) is not None, "saved since: renewed"
    assert await api.runtime.search.all_ids(IndexName.resumes) == {renewed["id"]}
    later = await purge_expired(
        runtime=api.runtime, dry_run=True, now=utcnow() + timedelta(days=181)
    )
    assert [e.resume_id for e in later] == [renewed["id"]]
