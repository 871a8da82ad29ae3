"""Résumés: create with consent, read, edit and delete everything (personal data)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from search.types import IndexName, SearchUnavailableError
from services.auth.phone_codes import forget_codes
from services.auth.secrets import Role, hash_token, new_token
from services.db import utcnow
from services.errors import Forbidden, ResumeNotFound
from services.exports.jobs import purge_exports_for_resume
from services.fairs.service import get_fair
from services.matching.documents import resume_occupation, resume_title, title_distribution
from services.models import Application, Posting, Resume
from services.resumes.schemas import ResumeCreate, ResumeCreated, ResumeRead, ResumeUpdate
from services.stats.events import EventKind, FairEvent
from services.training.schools import check_school_choice

if TYPE_CHECKING:
    from services.runtime import Runtime


async def _classify_resume(runtime: Runtime, resume: Resume) -> None:
    """Set the résumé's top occupation code and its top-5 distribution (both empty if unknown)."""
    found = await title_distribution(runtime, resume_title(resume.desired_title, resume.major))
    resume.occupation_code, resume.occupation_probs = resume_occupation(found)


async def create_resume(
    *, runtime: Runtime, session: AsyncSession, data: ResumeCreate
) -> ResumeCreated:
    """Store a résumé (consent given), return its secret token once, enqueue indexing."""
    if data.fair_id is not None:
        await get_fair(session=session, fair_id=data.fair_id)
    await check_school_choice(session=session, school_id=data.school_id)
    token = new_token(Role.seeker)
    fields = data.model_dump(exclude={"consent"})
    fields["share_with_school"] = data.share_with_school and data.school_id is not None
    resume = Resume(token_hash=hash_token(token), consent_at=utcnow(), **fields)
    await _classify_resume(runtime, resume)
    session.add(resume)
    await session.commit()
    await runtime.queue.enqueue("index.upsert", index=IndexName.resumes.value, ids=[resume.id])
    if resume.fair_id is not None:
        await runtime.publish(
            FairEvent(
                kind=EventKind.resume,
                fair_id=resume.fair_id,
                occupation_code=resume.occupation_code,
                skill_level=resume.skill_level.value if resume.skill_level else None,
            )
        )
    return ResumeCreated(**ResumeRead.model_validate(resume).model_dump(), token=token)


async def own_resume(*, session: AsyncSession, resume_id: int, seeker_id: int) -> Resume:
    """The seeker's own résumé; someone else's is 403, a missing one 404."""
    if resume_id != seeker_id:
        if await session.get(Resume, resume_id) is None:
            raise ResumeNotFound()
        raise Forbidden(bilingual("api.own_resume_only"))
    resume = await session.get(Resume, resume_id)
    if resume is None:
        raise ResumeNotFound()
    return resume


async def update_resume(
    *, runtime: Runtime, session: AsyncSession, resume: Resume, data: ResumeUpdate
) -> ResumeRead:
    """Apply the seeker's edits, re-classify when the desired title changed, re-index."""
    changes = data.model_dump(exclude_unset=True)
    if "school_id" in changes:
        await check_school_choice(session=session, school_id=changes["school_id"])
        if changes["school_id"] != resume.school_id and "share_with_school" not in changes:
            changes["share_with_school"] = False  # consent was given to the previous school
    for key, value in changes.items():
        setattr(resume, key, value)
    if resume.school_id is None or resume.share_with_school is None:
        resume.share_with_school = False  # nothing to share with, or PATCH sent null
    if {"desired_title", "major"} & changes.keys():
        await _classify_resume(runtime, resume)
    await session.commit()
    await runtime.queue.enqueue("index.upsert", index=IndexName.resumes.value, ids=[resume.id])
    return ResumeRead.model_validate(resume)


async def delete_resume(*, runtime: Runtime, session: AsyncSession, resume: Resume) -> None:
    """Delete the résumé and everything hanging off it, then remove it from the index."""
    resume_id = resume.id
    touched = set(
        (
            await session.scalars(
                select(Posting.fair_id)
                .join(Application, Application.posting_id == Posting.id)
                .where(Application.resume_id == resume_id)
            )
        ).all()
    )
    if resume.fair_id is not None:
        touched.add(resume.fair_id)
    await session.execute(delete(Resume).where(Resume.id == resume_id))
    await forget_codes(session=session, phone=resume.phone)
    await session.commit()
    await asyncio.to_thread(purge_exports_for_resume, runtime.settings.data_dir, resume_id)
    await runtime.counters_stale(touched)
    try:
        await runtime.search.delete(IndexName.resumes, [resume_id])
    except SearchUnavailableError:
        await runtime.queue.enqueue("index.delete", index=IndexName.resumes.value, ids=[resume_id])
    await runtime.queue.enqueue("resume.erase")  # the bytes on disk: services/resumes/erasure.py
