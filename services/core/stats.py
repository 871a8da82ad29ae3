"""Fair statistics computed from the database (the counters' source of truth)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.fairs import get_fair
from services.models import (
    Application,
    Booth,
    DownloadEvent,
    Intention,
    PageHit,
    Posting,
    Resume,
)
from services.schemas import FairStats


async def fair_stats(*, session: AsyncSession, fair_id: int) -> FairStats:
    """Headline counts for one fair."""
    await get_fair(session=session, fair_id=fair_id)
    posting_ids = select(Posting.id).where(Posting.fair_id == fair_id)

    async def count(stmt: object) -> int:
        return int(await session.scalar(stmt) or 0)  # type: ignore[call-overload]

    return FairStats(
        fair_id=fair_id,
        visits=await count(
            select(func.count(PageHit.id)).where(PageHit.fair_id == fair_id, PageHit.page != "scan")
        ),
        scans=await count(
            select(func.count(PageHit.id)).where(PageHit.fair_id == fair_id, PageHit.page == "scan")
        ),
        resumes=await count(select(func.count(Resume.id)).where(Resume.fair_id == fair_id)),
        applications=await count(
            select(func.count(Application.id)).where(Application.posting_id.in_(posting_ids))
        ),
        downloads=await count(
            select(func.coalesce(func.sum(DownloadEvent.resume_count), 0)).where(
                DownloadEvent.fair_id == fair_id
            )
        ),
        intentions=await count(
            select(func.count(Intention.id)).where(Intention.posting_id.in_(posting_ids))
        ),
        enterprises=await count(select(func.count(Booth.id)).where(Booth.fair_id == fair_id)),
        postings=await count(select(func.count(Posting.id)).where(Posting.fair_id == fair_id)),
        openings=await count(
            select(func.coalesce(func.sum(Posting.headcount), 0)).where(Posting.fair_id == fair_id)
        ),
    )
