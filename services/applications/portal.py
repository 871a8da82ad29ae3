"""Enterprise portal pages: ranked candidates, pipeline actions and downloads."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Query, Response

from matcher.domain import Education, SkillLevel
from services.applications import hiring as pipeline
from services.applications import service as applications
from services.applications.schemas import IntentionCreate
from services.auth.principals import Principal
from services.auth.redirects import safe_next
from services.auth.secrets import Role
from services.deps import ExportOptionsDep, FiltersDep, RuntimeDep, SessionDep
from services.exports import downloads
from services.exports import jobs as export_jobs
from services.exports.build import ExportFile
from services.models import CandidateStage
from services.postings import service as postings
from services.web.pages import PageDep, form_choice
from services.web.portal_kit import (
    HOME,
    PortalEnterpriseDep,
    PortalRoute,
    render,
)

router = APIRouter(prefix="/portal", route_class=PortalRoute, include_in_schema=False)

LIST_SIZES = (20, 50, 100)
EXPORT_SIZES = (50, 100, 200, 500)


def _back(target: object, fallback: str = HOME) -> str:
    return safe_next(target, prefix="/portal/postings/", default=fallback)


# What a candidate action saved, confirmed next to the candidate after the redirect.
DONE = frozenset({"stage", "intention", "invitation"})


def _confirmed(back: object, *, done: str, resume_id: int) -> str:
    """The list the action came from, saying `done` at the candidate's card."""
    target = urlsplit(_back(back))
    query = [(k, v) for k, v in parse_qsl(target.query) if k not in ("done", "c")]
    query += [("done", done), ("c", str(resume_id))]
    return f"{target.path}?{urlencode(query)}#c{resume_id}"


def _int(value: object) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() else 0


@router.get("/postings/{posting_id}/candidates")
async def candidates_page(
    posting_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    done: str = "",
    c: int = 0,
) -> Response:
    """The ranked candidates of an owned posting, with reasons, filters and actions."""
    posting = await postings.owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise.id
    )
    rows = await pipeline.candidate_rows(
        runtime=runtime, session=session, posting_id=posting_id, filters=filters, limit=limit
    )
    return render(
        page,
        "candidates.html",
        enterprise,
        posting=await postings.read_posting(session=session, posting_id=posting.id),
        rows=rows,
        filters=filters,
        limit=limit,
        stages=list(CandidateStage),
        list_sizes=LIST_SIZES,
        export_sizes=EXPORT_SIZES,
        back=page.url_with(done=None, c=None),
        done=done if done in DONE else "",
        done_for=c,
        levels=list(SkillLevel),
        educations=list(Education),
    )


@router.post("/applications/{application_id}")
async def update_application(
    application_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
) -> Response:
    """Save the stage and note of an application."""
    form = await page.checked_form()
    await pipeline.update_application(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        application_id=application_id,
        stage=form_choice(form, "stage", CandidateStage),
        note=str(form.get("note") or "")[:1000],
    )
    return page.redirect(
        _confirmed(form.get("back"), done="stage", resume_id=_int(form.get("resume_id")))
    )


@router.post("/intentions")
async def record_intention(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """Record a preliminary intention in one click."""
    form = await page.checked_form()
    resume_id = _int(form.get("resume_id"))
    await applications.record_intention(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        data=IntentionCreate(posting_id=_int(form.get("posting_id")), resume_id=resume_id),
    )
    return page.redirect(_confirmed(form.get("back"), done="intention", resume_id=resume_id))


@router.post("/invitations")
async def invite(page: PageDep, session: SessionDep, enterprise: PortalEnterpriseDep) -> Response:
    """Invite an opted-in seeker who has not applied."""
    form = await page.checked_form()
    resume_id = _int(form.get("resume_id"))
    await pipeline.invite(
        session=session,
        enterprise_id=enterprise.id,
        posting_id=_int(form.get("posting_id")),
        resume_id=resume_id,
    )
    return page.redirect(_confirmed(form.get("back"), done="invitation", resume_id=resume_id))


@router.get("/postings/{posting_id}/export")
async def export_candidates(
    posting_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
    options: ExportOptionsDep,
) -> Response:
    """Download the ranked list now, or follow the progress of a large export."""
    result = await downloads.request_export(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        posting_id=posting_id,
        options=options,
    )
    if isinstance(result, ExportFile):
        return page.finish(downloads.file_response(result))
    return page.redirect(f"/portal/exports/{result.id}")


@router.get("/exports/{export_id}")
async def export_progress(
    export_id: str, page: PageDep, runtime: RuntimeDep, enterprise: PortalEnterpriseDep
) -> Response:
    """A background export's progress (the page refreshes itself) and its link when ready."""
    job = export_jobs.export_job(
        runtime.settings.data_dir, export_id=export_id, enterprise_id=enterprise.id
    )
    ready = job.status is export_jobs.ExportStatus.ready
    response = render(page, "export.html", enterprise, job=job, ready=ready)
    if job.status in (export_jobs.ExportStatus.pending, export_jobs.ExportStatus.running):
        response.headers["Refresh"] = "2"
    return response


@router.get("/exports/{export_id}/file")
async def export_download(
    export_id: str,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
) -> Response:
    """The file of a ready export."""
    built = await downloads.download_export(
        runtime=runtime, session=session, enterprise_id=enterprise.id, export_id=export_id
    )
    return page.finish(downloads.file_response(built))


@router.get("/resumes/{resume_id}/pdf")
async def resume_pdf(
    resume_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
) -> Response:
    """One applicant's résumé as PDF."""
    content, headers = await downloads.resume_pdf(
        runtime=runtime,
        session=session,
        principal=Principal(Role.enterprise, enterprise.id),
        resume_id=resume_id,
    )
    return page.finish(Response(content, media_type=downloads.PDF, headers=headers))
