"""Ranked candidate lists as XLSX or a ZIP of PDFs: built at once, or in the background."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from fastapi.responses import JSONResponse

from services.deps import EnterpriseDep, ExportOptionsDep, RuntimeDep, SessionDep
from services.exports import downloads
from services.exports import jobs as export_jobs
from services.exports.build import ExportFile
from services.exports.downloads import file_response

router = APIRouter(prefix="/api", tags=["exports"])


@router.get(
    "/postings/{posting_id}/candidates/export",
    response_class=Response,
    responses={
        200: {"description": "文件 / The file (small exports)"},
        202: {"description": "后台生成中 / Queued: poll the status URL"},
    },
)
async def export_candidates(
    posting_id: int,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: EnterpriseDep,
    options: ExportOptionsDep,
    background: bool = False,
) -> Response:
    """The ranked list of an owned posting; larger than export_sync_max runs in the background."""
    result = await downloads.request_export(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        posting_id=posting_id,
        options=options,
        background=background,
    )
    if isinstance(result, ExportFile):
        return file_response(result)
    return JSONResponse(
        export_jobs.describe(result),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/exports/{result.id}"},
    )


@router.get("/exports/{export_id}")
async def export_status(
    export_id: str, runtime: RuntimeDep, enterprise: EnterpriseDep
) -> dict[str, object]:
    """Progress of a background export, and its file URL once ready."""
    job = export_jobs.export_job(
        runtime.settings.data_dir, export_id=export_id, enterprise_id=enterprise.id
    )
    return export_jobs.describe(job)


@router.get("/exports/{export_id}/file", response_class=Response)
async def export_download(
    export_id: str, runtime: RuntimeDep, session: SessionDep, enterprise: EnterpriseDep
) -> Response:
    """The file of a ready background export (counted as a download)."""
    built = await downloads.download_export(
        runtime=runtime, session=session, enterprise_id=enterprise.id, export_id=export_id
    )
    return file_response(built)
