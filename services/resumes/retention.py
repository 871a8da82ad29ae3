"""The promised retention: a résumé is purged 180 days after the seeker's last fair.

The last fair is the latest end among the fair the résumé was made at and the fairs of the
postings it applied to; saving the résumé renews it (its `updated_at` restarts the clock), and a
résumé that never met a fair counts from its last save. The app sweeps every
`retention_sweep_seconds`; `fairmatch purge --dry-run` lists what would go (ids and dates only).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.db import utcnow
from services.models import Application, Fair, Posting, Resume
from services.resumes.service import delete_resume

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger("fairmatch.retention")


@dataclass(frozen=True, slots=True)
class Expiry:
    """When a résumé's retention ends, and why then."""

    resume_id: int
    last_fair_end: datetime | None
    last_saved: datetime
    expires_at: datetime

    def as_json(self) -> dict[str, object]:
        return {
            "resume_id": self.resume_id,
            "last_fair_end": self.last_fair_end.isoformat() if self.last_fair_end else None,
            "last_saved": self.last_saved.isoformat(),
            "expires_at": self.expires_at.isoformat(),
        }


async def expired_resumes(*, session: AsyncSession, days: int, now: datetime) -> list[Expiry]:
    """The résumés whose retention ended before `now`, oldest first."""
    ends = dict((await session.execute(select(Fair.id, Fair.ends_at))).all())
    last_fair: dict[int, datetime] = {}
    applied = select(Application.resume_id, Posting.fair_id).join(
        Posting, Posting.id == Application.posting_id
    )
    own = select(Resume.id, Resume.fair_id).where(Resume.fair_id.is_not(None))
    for query in (own, applied):
        for resume_id, fair_id in await session.execute(query):
            end = ends.get(fair_id) if fair_id is not None else None
            if end is not None and (resume_id not in last_fair or end > last_fair[resume_id]):
                last_fair[resume_id] = end
    found = []
    for resume_id, saved in await session.execute(select(Resume.id, Resume.updated_at)):
        fair_end = last_fair.get(resume_id)
        expires = max(fair_end or saved, saved) + timedelta(days=days)
        if expires <= now:
            found.append(Expiry(resume_id, fair_end, saved, expires))
    return sorted(found, key=lambda expiry: expiry.expires_at)


async def purge_expired(
    *, runtime: Runtime, dry_run: bool, now: datetime | None = None
) -> list[Expiry]:
    """Delete every expired résumé completely (as the seeker's own deletion does)."""
    days = runtime.settings.retention_days
    async with runtime.sessions() as session:
        expired = await expired_resumes(session=session, days=days, now=now or utcnow())
        if dry_run:
            return expired
        for expiry in expired:
            resume = await session.get(Resume, expiry.resume_id)
            if resume is not None:
                await delete_resume(runtime=runtime, session=session, resume=resume)
    if expired:
        log.info("retention purged %d résumés", len(expired))
    return expired


async def sweep_forever(runtime: Runtime) -> None:
    """Purge expired résumés every `retention_sweep_seconds` (0: never)."""
    every = runtime.settings.retention_sweep_seconds
    while every > 0:
        await asyncio.sleep(every)
        try:
            await purge_expired(runtime=runtime, dry_run=False)
        except Exception as exc:  # a failed sweep must not end the loop; the next one retries
            log.error("retention sweep failed: %s", type(exc).__name__)
