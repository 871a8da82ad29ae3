"""Large exports built in the background (task `export.build`), kept on disk until they expire.

Each export is a manifest `<id>.json` next to its file under settings.data_dir/exports. The
manifest lists the résumé ids inside, so a seeker deleting their data can take every export that
contains them along (`purge_exports_for_resume`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from matcher.domain import Education, SkillLevel
from services.applications.hiring import CandidateFilters
from services.db import utcnow
from services.errors import NotFound
from services.exports.build import ExportFormat, build_export
from services.models import Resume
from services.tasks.registry import task

if TYPE_CHECKING:
    from services.runtime import Runtime

log = logging.getLogger("fairmatch.exports")
ORPHAN_GRACE = timedelta(minutes=10)


class ExportStatus(StrEnum):
    pending = "pending"
    running = "running"
    ready = "ready"
    failed = "failed"


class ExportJob(BaseModel):
    """The manifest of one background export."""

    id: str
    enterprise_id: int
    posting_id: int
    format: ExportFormat
    limit: int
    applied_only: bool = False
    skill_level: SkillLevel | None = None
    education: Education | None = None
    district: str = ""
    applicants_first: bool = True
    status: ExportStatus = ExportStatus.pending
    progress: float = 0.0
    filename: str = ""
    media_type: str = ""
    resume_ids: list[int] = []
    downloaded: bool = False  # until then, the started export counts toward the hourly quota
    created_at: datetime
    expires_at: datetime

    @property
    def filters(self) -> CandidateFilters:
        return CandidateFilters(
            applied_only=self.applied_only,
            skill_level=self.skill_level,
            education=self.education,
            district=self.district,
            applicants_first=self.applicants_first,
        )


class ExportNotFound(NotFound):
    detail = bilingual("api.export_not_found")


async def existing_resume_ids(session: AsyncSession, ids: Sequence[int]) -> set[int]:
    """Which of these résumés still exist."""
    return set((await session.scalars(select(Resume.id).where(Resume.id.in_(ids)))).all())


def exports_dir(data_dir: Path) -> Path:
    """Where exports live; created on first use."""
    path = data_dir / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _manifest(data_dir: Path, export_id: str) -> Path:
    if not export_id.isalnum():
        raise ExportNotFound()
    return exports_dir(data_dir) / f"{export_id}.json"


def _data_file(data_dir: Path, export_id: str) -> Path:
    return exports_dir(data_dir) / f"{export_id}.bin"


def _save(data_dir: Path, job: ExportJob) -> None:
    path = _manifest(data_dir, job.id)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(job.model_dump_json())
    os.replace(temporary, path)


def _load(data_dir: Path, export_id: str) -> ExportJob | None:
    try:
        return ExportJob.model_validate_json(_manifest(data_dir, export_id).read_text())
    except (FileNotFoundError, ValueError):
        return None


def _remove(data_dir: Path, export_id: str) -> None:
    for path in (_data_file(data_dir, export_id), _manifest(data_dir, export_id)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _withdraw(data_dir: Path, job: ExportJob) -> None:
    """Delete a built file and, if the export still exists, set it back to pending for a rebuild."""
    with contextlib.suppress(FileNotFoundError):
        _data_file(data_dir, job.id).unlink()
    if _load(data_dir, job.id) is not None:
        job.status, job.progress, job.resume_ids = ExportStatus.pending, 0.0, []
        _save(data_dir, job)


def _orphans(data_dir: Path) -> list[Path]:
    """Data and half-written files whose manifest is gone (a crash, or a purge racing a writer),
    left alone for ORPHAN_GRACE so that a writer between its two files is not disturbed."""
    folder = exports_dir(data_dir)
    cutoff = time.time() - ORPHAN_GRACE.total_seconds()
    return [
        path
        for path in folder.iterdir()
        if path.suffix in (".bin", ".part", ".tmp")
        and not (folder / f"{path.stem}.json").exists()
        and path.stat().st_mtime < cutoff
    ]


def _manifests(data_dir: Path) -> list[ExportJob]:
    jobs = []
    for path in exports_dir(data_dir).glob("*.json"):
        job = _load(data_dir, path.stem)
        if job is not None:
            jobs.append(job)
    return jobs


def purge_expired(data_dir: Path) -> int:
    """Delete exports past their expiry and orphaned files; returns how many files of each."""
    now = utcnow()
    expired = [job.id for job in _manifests(data_dir) if job.expires_at <= now]
    for export_id in expired:
        _remove(data_dir, export_id)
    orphans = _orphans(data_dir)
    for path in orphans:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return len(expired) + len(orphans)


def open_exports(data_dir: Path, *, enterprise_id: int, since: datetime) -> tuple[int, int]:
    """(exports of this firm still building, exports started since `since` and not downloaded)."""
    jobs = [job for job in _manifests(data_dir) if job.enterprise_id == enterprise_id]
    building = sum(job.status in (ExportStatus.pending, ExportStatus.running) for job in jobs)
    started = sum(job.created_at >= since and not job.downloaded for job in jobs)
    return building, started


def mark_downloaded(data_dir: Path, job: ExportJob) -> None:
    """The export was fetched: from now on its download record counts toward the quota."""
    if not job.downloaded:
        job.downloaded = True
        _save(data_dir, job)


async def purge_on_schedule(data_dir: Path, *, every_seconds: float) -> None:
    """Delete expired exports every `every_seconds`, until cancelled (runs in the lifespan)."""
    while True:
        try:
            purged = await asyncio.to_thread(purge_expired, data_dir)
        except OSError as exc:
            log.warning("purging expired exports failed: %r", exc)
        else:
            if purged:
                log.info("purged %d expired or orphaned export files", purged)
        await asyncio.sleep(every_seconds)


def purge_exports_for_resume(data_dir: Path, resume_id: int) -> int:
    """Delete every export that contains this résumé (call it when a seeker deletes their data)."""
    doomed = [job.id for job in _manifests(data_dir) if resume_id in job.resume_ids]
    for export_id in doomed:
        _remove(data_dir, export_id)
    return len(doomed)


async def start_export(
    *,
    runtime: Runtime,
    enterprise_id: int,
    posting_id: int,
    file_format: ExportFormat,
    filters: CandidateFilters,
    limit: int,
) -> ExportJob:
    """Write the manifest and enqueue `export.build`; the caller checked ownership and quota."""
    data_dir = runtime.settings.data_dir
    purge_expired(data_dir)
    now = utcnow()
    job = ExportJob(
        id=secrets.token_hex(16),
        enterprise_id=enterprise_id,
        posting_id=posting_id,
        format=file_format,
        limit=limit,
        applied_only=filters.applied_only,
        skill_level=filters.skill_level,
        education=filters.education,
        district=filters.district,
        applicants_first=filters.applicants_first,
        created_at=now,
        expires_at=now + timedelta(hours=runtime.settings.export_ttl_hours),
    )
    _save(data_dir, job)
    await runtime.queue.enqueue("export.build", export_id=job.id)
    return job


def export_job(data_dir: Path, *, export_id: str, enterprise_id: int) -> ExportJob:
    """An unexpired export of this enterprise; anyone else's is simply not found."""
    job = _load(data_dir, export_id)
    if job is None or job.enterprise_id != enterprise_id or job.expires_at <= utcnow():
        raise ExportNotFound()
    return job


def export_file(data_dir: Path, job: ExportJob) -> bytes:
    """The bytes of a ready export."""
    path = _data_file(data_dir, job.id)
    if job.status is not ExportStatus.ready or not path.is_file():
        raise ExportNotFound(bilingual("api.export_not_ready"))
    return path.read_bytes()


@task("export.build")
async def build_export_task(runtime: Runtime, kwargs: dict[str, Any]) -> None:
    """Build one export by id; a ready or vanished export is left alone (idempotent)."""
    data_dir = runtime.settings.data_dir
    export_id = str(kwargs["export_id"])
    job = _load(data_dir, export_id)
    if job is None or (job.status is ExportStatus.ready and _data_file(data_dir, job.id).is_file()):
        return
    job.status = ExportStatus.running
    _save(data_dir, job)

    def report(fraction: float) -> None:
        job.progress = round(0.1 + 0.9 * fraction, 3)
        _save(data_dir, job)

    try:
        async with runtime.sessions() as session:
            built = await build_export(
                runtime=runtime,
                session=session,
                posting_id=job.posting_id,
                file_format=job.format,
                filters=job.filters,
                limit=job.limit,
                progress=report,
            )
    except Exception:
        job.status = ExportStatus.failed
        _save(data_dir, job)
        raise
    if _load(data_dir, export_id) is None:  # purged while building: a seeker deleted their data
        return
    temporary = _data_file(data_dir, job.id).with_suffix(".part")
    temporary.write_bytes(built.content)
    os.replace(temporary, _data_file(data_dir, job.id))
    job.status, job.progress = ExportStatus.ready, 1.0
    job.filename, job.media_type = built.filename, built.media_type
    job.resume_ids = list(built.resume_ids)
    _save(data_dir, job)
    # Checked only now that the manifest names the résumés: a seeker deleting from here on has
    # the export purged with their data (the deletion commits before it purges), and one who
    # deleted at any moment before is seen here, so no deleted résumé stays in a file.
    async with runtime.sessions() as session:
        still_there = await existing_resume_ids(session, built.resume_ids)
    if len(still_there) != len(built.resume_ids):
        _withdraw(data_dir, job)
        raise RuntimeError("a seeker deleted their data during the build; building again")
    log.info("export %s ready: %d résumés", job.id, len(job.resume_ids))


def describe(job: ExportJob) -> dict[str, object]:
    """The JSON status of an export."""
    fields = job.model_dump(mode="json", include={"id", "posting_id", "format", "status"})
    return fields | {
        "progress": job.progress,
        "resume_count": len(job.resume_ids),
        "expires_at": job.expires_at.isoformat(),
        "file_url": f"/api/exports/{job.id}/file" if job.status is ExportStatus.ready else None,
    }
