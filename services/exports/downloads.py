"""Who may download which résumé, per-account rate limits, and the download record."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi import Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from frontend.i18n import bilingual
from services.applications.hiring import CandidateFilters
from services.auth.principals import Principal
from services.auth.secrets import Role
from services.config import Settings
from services.db import utcnow
from services.errors import Forbidden, NotAuthenticated, ResumeNotFound, TooManyRequests
from services.exports.build import EXPORT_POOL, ExportFile, ExportFormat, build_export
from services.exports.jobs import (
    ExportJob,
    export_file,
    export_job,
    mark_downloaded,
    open_exports,
    start_export,
)
from services.models import Application, ApplicationStatus, DownloadEvent, Posting, Resume
from services.postings.service import owned_posting
from services.resumes.pdf import render_resume_pdfs, resume_sheet
from services.resumes.service import own_resume
from services.stats.events import EventKind, FairEvent

if TYPE_CHECKING:
    from services.runtime import Runtime

PDF = "application/pdf"


def attachment(filename: str, fallback: str) -> dict[str, str]:
    """A Content-Disposition header with a UTF-8 file name and an ASCII fallback."""
    return {
        "Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''"
        + quote(filename)
    }


async def check_download_quota(
    *,
    session: AsyncSession,
    settings: Settings,
    enterprise_id: int,
    resume_count: int,
    prepaid: bool = False,
) -> None:
    """Refuse with 429 when this download would exceed the account's hourly limits.

    Background exports started in the hour and not yet fetched count as downloads; fetching one
    (`prepaid`) replaces its start by its download record instead of counting twice.
    """
    since = utcnow() - timedelta(hours=1)
    _, started = open_exports(settings.data_dir, enterprise_id=enterprise_id, since=since)
    downloads, resumes = (
        await session.execute(
            select(
                func.count(DownloadEvent.id), func.coalesce(func.sum(DownloadEvent.resume_count), 0)
            ).where(DownloadEvent.enterprise_id == enterprise_id, DownloadEvent.created_at >= since)
        )
    ).one()
    if downloads + started + (0 if prepaid else 1) > settings.download_limit_per_hour:
        raise TooManyRequests(bilingual("api.download_limit", n=settings.download_limit_per_hour))
    if resumes + resume_count > settings.download_resume_limit_per_hour:
        raise TooManyRequests(
            bilingual("api.resume_download_limit", n=settings.download_resume_limit_per_hour)
        )


async def record_download(
    *,
    runtime: Runtime,
    session: AsyncSession,
    enterprise_id: int,
    posting: Posting | None,
    resume_id: int | None,
    file_format: str,
    resume_count: int,
) -> None:
    """Store the DownloadEvent, then publish it to the live counters."""
    fair_id = posting.fair_id if posting is not None else None
    session.add(
        DownloadEvent(
            enterprise_id=enterprise_id,
            fair_id=fair_id,
            posting_id=posting.id if posting is not None else None,
            resume_id=resume_id,
            format=file_format,
            resume_count=resume_count,
        )
    )
    await session.commit()
    if fair_id is not None:
        for kind, count in ((EventKind.download, resume_count), (EventKind.download_file, 1)):
            await runtime.publish(
                FairEvent(kind=kind, fair_id=fair_id, enterprise_id=enterprise_id, count=count)
            )


async def applied_posting(
    *, session: AsyncSession, enterprise_id: int, resume_id: int
) -> Posting | None:
    """The enterprise's newest posting this seeker applied to (and has not withdrawn from)."""
    posting: Posting | None = await session.scalar(
        select(Posting)
        .join(Application, Application.posting_id == Posting.id)
        .where(
            Posting.enterprise_id == enterprise_id,
            Application.resume_id == resume_id,
            Application.status == ApplicationStatus.submitted,
        )
        .order_by(Application.id.desc())
        .limit(1)
        .options(selectinload(Posting.enterprise))
    )
    return posting


async def resume_pdf(
    *, runtime: Runtime, session: AsyncSession, principal: Principal | None, resume_id: int
) -> tuple[bytes, dict[str, str]]:
    """One résumé as PDF for the seeker themself or an enterprise the seeker applied to."""
    if principal is None:
        raise NotAuthenticated()
    posting: Posting | None = None
    if principal.role is Role.seeker:
        resume = await own_resume(session=session, resume_id=resume_id, seeker_id=principal.id)
    elif principal.role is Role.enterprise:
        posting = await applied_posting(
            session=session, enterprise_id=principal.id, resume_id=resume_id
        )
        found = await session.get(Resume, resume_id) if posting is not None else None
        if posting is None or found is None:
            raise ResumeNotFound()
        await check_download_quota(
            session=session, settings=runtime.settings, enterprise_id=principal.id, resume_count=1
        )
        resume = found
    else:
        raise Forbidden()
    heading = f"{posting.title} · {posting.enterprise.name}" if posting is not None else ""
    sheet = resume_sheet(resume, masked=False, heading=heading)
    (content,) = await asyncio.to_thread(render_resume_pdfs, [sheet])
    if posting is not None:
        await record_download(
            runtime=runtime,
            session=session,
            enterprise_id=principal.id,
            posting=posting,
            resume_id=resume_id,
            file_format="pdf",
            resume_count=1,
        )
    return content, attachment(f"简历-{sheet.name}-{resume_id}.pdf", f"resume-{resume_id}.pdf")


@dataclass(frozen=True)
class ExportOptions:
    """What a firm asks an export to hold: which candidates, how many, in which format."""

    filters: CandidateFilters
    file_format: ExportFormat = ExportFormat.xlsx
    limit: int = 50


async def request_export(
    *,
    runtime: Runtime,
    session: AsyncSession,
    enterprise_id: int,
    posting_id: int,
    options: ExportOptions,
    background: bool = False,
) -> ExportFile | ExportJob:
    """A ranked-list export of an owned posting: built now, or queued when large."""
    file_format, filters, limit = options.file_format, options.filters, options.limit
    posting = await owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise_id
    )
    settings = runtime.settings
    await check_download_quota(
        session=session, settings=settings, enterprise_id=enterprise_id, resume_count=0
    )
    if background or limit > settings.export_sync_max:
        await _check_building(settings, enterprise_id)
        return await start_export(
            runtime=runtime,
            enterprise_id=enterprise_id,
            posting_id=posting_id,
            file_format=file_format,
            filters=filters,
            limit=limit,
        )
    async with EXPORT_POOL.slot():
        built = await build_export(
            runtime=runtime,
            session=session,
            posting_id=posting_id,
            file_format=file_format,
            filters=filters,
            limit=limit,
        )
    await _count(runtime, session, enterprise_id, posting, file_format, len(built.resume_ids))
    return built


async def _check_building(settings: Settings, enterprise_id: int) -> None:
    """429 + Retry-After while the firm already has its share of exports building."""
    building, _ = open_exports(settings.data_dir, enterprise_id=enterprise_id, since=utcnow())
    if building >= settings.export_max_building_per_account:
        refused = TooManyRequests(
            bilingual("api.exports_building", n=settings.export_max_building_per_account)
        )
        refused.retry_after = 30
        raise refused


async def download_export(
    *, runtime: Runtime, session: AsyncSession, enterprise_id: int, export_id: str
) -> ExportFile:
    """The file of a ready background export of this enterprise, counted as a download."""
    job = export_job(runtime.settings.data_dir, export_id=export_id, enterprise_id=enterprise_id)
    content = export_file(runtime.settings.data_dir, job)
    posting = await owned_posting(
        session=session, posting_id=job.posting_id, enterprise_id=enterprise_id
    )
    await _count(
        runtime,
        session,
        enterprise_id,
        posting,
        job.format,
        len(job.resume_ids),
        prepaid=not job.downloaded,
    )
    mark_downloaded(runtime.settings.data_dir, job)
    return ExportFile(content, job.filename, job.media_type, tuple(job.resume_ids))


async def _count(
    runtime: Runtime,
    session: AsyncSession,
    enterprise_id: int,
    posting: Posting,
    file_format: ExportFormat,
    resume_count: int,
    *,
    prepaid: bool = False,
) -> None:
    await check_download_quota(
        session=session,
        settings=runtime.settings,
        enterprise_id=enterprise_id,
        resume_count=resume_count,
        prepaid=prepaid,
    )
    await record_download(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise_id,
        posting=posting,
        resume_id=None,
        file_format=file_format.value,
        resume_count=resume_count,
    )


def file_response(built: ExportFile) -> Response:
    """An export as a download."""
    return Response(
        built.content,
        media_type=built.media_type,
        headers=attachment(built.filename, "fairmatch-export" + Path(built.filename).suffix),
    )
