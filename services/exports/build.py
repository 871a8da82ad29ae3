"""The ranked candidate list of a posting as an Excel sheet or a ZIP of résumé PDFs."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import EN, ZH, t
from services.applications.hiring import CandidateFilters, CandidateRow, candidate_rows
from services.exports.xlsx import Cell, Sheet, write_workbook
from services.models import Posting, Resume
from services.postings.service import load_posting
from services.resumes.pdf import render_resume_pdfs, resume_sheet
from services.web.capacity import WorkPool

if TYPE_CHECKING:
    from services.runtime import Runtime

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"
# Rendering exports happens on threads of its own, never the default pool that searches use; at
# most two exports render at once per process, two more wait, and a further request answers 503.
EXPORT_POOL = WorkPool("exports", size=2, queue=2, retry_after=10, niceness=10)
FACTORS = (
    "semantic",
    "occupation",
    "skill_level",
    "certificates",
    "experience",
    "location",
    "salary",
)

Progress = Callable[[float], None]


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    zip = "zip"


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A built export: its bytes, a file name, and whose résumés it holds."""

    content: bytes
    filename: str
    media_type: str
    resume_ids: tuple[int, ...]


def _both(key: str) -> str:
    return f"{t(key, ZH)} {t(key, EN)}"


def _factor_values(explanation: dict[str, object]) -> dict[str, float]:
    factors = explanation.get("factors")
    values: dict[str, float] = {}
    if isinstance(factors, list):
        for factor in factors:
            if isinstance(factor, dict) and isinstance(factor.get("value"), int | float):
                values[str(factor.get("name"))] = float(factor["value"])
    return values


def _listed(explanation: dict[str, object], key: str) -> str:
    value = explanation.get(key)
    return "、".join(str(v) for v in value) if isinstance(value, list) else ""


def xlsx_header() -> list[str]:
    """The column titles of the candidate sheet (Chinese, then English)."""
    keys = ["rank", "name", "phone", "applied", "score"]
    keys += [f"factor.{name}" for name in FACTORS]
    keys += ["matched_skills", "missing_skills", "matched_certificates", "missing_certificates"]
    keys += ["level_gap", "occupation", "summary_zh", "summary_en", "education", "skill_level"]
    keys += ["years", "desired_title", "district", "stage", "note", "intention"]
    return [_both(f"export.col.{key}") for key in keys]


def xlsx_row(row: CandidateRow) -> list[Cell]:
    """One candidate as cells, in the order of xlsx_header (exports/xlsx.py makes them inert)."""
    item, why = row.item, row.item.explanation
    factors = _factor_values(why)
    level_gap = why.get("level_gap")
    return [
        row.rank,
        item.name,
        item.phone,
        "是 Yes" if item.applied else "否 No",
        item.score,
        *(factors.get(name) for name in FACTORS),
        _listed(why, "matched_skills"),
        _listed(why, "missing_skills"),
        _listed(why, "matched_certificates"),
        _listed(why, "missing_certificates"),
        level_gap if isinstance(level_gap, int) else None,
        str(why.get("occupation_name") or ""),
        str(why.get("summary_zh") or ""),
        str(why.get("summary_en") or ""),
        f"{item.education.label_zh} {item.education.label_en}",
        f"{item.skill_level.label_zh} {item.skill_level.label_en}" if item.skill_level else "",
        item.years_experience,
        item.desired_title,
        row.district,
        _both(f"portal.stage.{row.stage.value}") if row.stage else "",
        row.note,
        "是 Yes" if row.intention else "",
    ]


def build_xlsx(posting_title: str, rows: Sequence[CandidateRow]) -> bytes:
    """The ranked list as one sheet: a header row, then one row per candidate."""
    sheet = Sheet(
        title=t("export.sheet", ZH),
        header=xlsx_header(),
        rows=[xlsx_row(row) for row in rows],
        freeze="C2",
    )
    return write_workbook([sheet], title=posting_title)


def _safe_name(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_*")[:40] or "resume"


def build_zip(
    posting: Posting,
    rows: Sequence[CandidateRow],
    resumes: dict[int, Resume],
    progress: Progress | None = None,
) -> bytes:
    """One PDF per ranked candidate (masked unless they applied), numbered by rank."""
    heading = f"{posting.title} · {posting.enterprise.name}"
    kept = [row for row in rows if row.item.resume_id in resumes]
    sheets = [
        resume_sheet(resumes[row.item.resume_id], masked=not row.item.applied, heading=heading)
        for row in kept
    ]
    files = render_resume_pdfs(sheets, progress=progress)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for row, sheet, content in zip(kept, sheets, files, strict=True):
            name = f"{row.rank:03d}-{_safe_name(sheet.name)}-{sheet.resume_id}.pdf"
            archive.writestr(name, content)
    return buffer.getvalue()


async def build_export(
    *,
    runtime: Runtime,
    session: AsyncSession,
    posting_id: int,
    file_format: ExportFormat,
    filters: CandidateFilters,
    limit: int,
    progress: Progress | None = None,
) -> ExportFile:
    """Rank, filter and render; the caller checked ownership and the download quota."""
    posting = await load_posting(session=session, posting_id=posting_id)
    rows = await candidate_rows(
        runtime=runtime, session=session, posting_id=posting_id, filters=filters, limit=limit
    )
    ids = tuple(row.item.resume_id for row in rows)
    stem = f"{_safe_name(posting.title)}-{posting.id}"
    if file_format is ExportFormat.xlsx:
        content = await EXPORT_POOL.call(build_xlsx, posting.title, rows)
        return ExportFile(content, f"候选人-{stem}.xlsx", XLSX, ids)
    resumes = {r.id: r for r in (await session.scalars(select(Resume).where(Resume.id.in_(ids))))}
    content = await EXPORT_POOL.call(build_zip, posting, rows, resumes, progress)
    return ExportFile(content, f"简历-{stem}.zip", ZIP, ids)


async def bench_exports(runtime: Runtime, posting_id: int, *, size: int = 500) -> dict[str, float]:
    """Seconds to rank 50 candidates, and to build an XLSX and a ZIP of `size` candidates."""
    timings: dict[str, float] = {}
    filters = CandidateFilters()
    async with runtime.sessions() as session:
        started = time.perf_counter()
        rows = await candidate_rows(
            runtime=runtime, session=session, posting_id=posting_id, filters=filters, limit=50
        )
        timings["ranked_list_50_s"] = round(time.perf_counter() - started, 3)
        for file_format in ExportFormat:
            started = time.perf_counter()
            built = await build_export(
                runtime=runtime,
                session=session,
                posting_id=posting_id,
                file_format=file_format,
                filters=filters,
                limit=size,
            )
            timings[f"{file_format.value}_s"] = round(time.perf_counter() - started, 3)
            timings[f"{file_format.value}_candidates"] = float(len(built.resume_ids))
            timings[f"{file_format.value}_bytes"] = float(len(built.content))
    timings["ranked_list_rows"] = float(len(rows))
    return timings
