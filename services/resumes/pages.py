"""Pages about the seeker: résumé form and upload, applications, recommendations, deletion."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from frontend.i18n import EN
from matcher.domain import Education, SkillLevel
from search.types import SearchUnavailableError
from services.applications import hiring as pipeline
from services.applications import service as applications
from services.applications.schemas import InvitationAnswer
from services.deps import RuntimeDep, SessionDep
from services.errors import Conflict, NotFound
from services.matching import service as matching
from services.models import Application, ApplicationStatus, Resume
from services.postings import service as postings
from services.postings.schemas import PostingRead
from services.resumes import service as resumes
from services.resumes import uploads
from services.resumes.schemas import ResumeCreate, ResumeUpdate
from services.resumes.upload_worker import read_upload_isolated
from services.training import schools
from services.training.schemas import SkillGap
from services.training.skill_gaps import skill_gaps
from services.web.pages import CookieSeekerDep, Page, PageDep, PageRoute, record_hit

if TYPE_CHECKING:
    from services.runtime import Runtime

router = APIRouter(route_class=PageRoute, include_in_schema=False)

TEXT_FIELDS = ("name", "phone", "school", "major", "experience", "skills", "desired_title")
ENUM_FIELDS = ("education", "skill_level")
FORM_FIELDS = (
    *TEXT_FIELDS,
    *ENUM_FIELDS,
    "certificates",
    "years_experience",
    "expected_salary",
    "open_to_recommendations",
    "school_id",
    "share_with_school",
    "consent",
)
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")

Id = Annotated[int | None, Query(ge=1)]
CARD_STEPS = 3  # steps the "ways to improve" card shows


def values_from(source: Resume | uploads.ResumeDraft) -> dict[str, str]:
    """Form values (strings) from a stored résumé or a draft read from a file."""
    values = {name: str(getattr(source, name) or "") for name in TEXT_FIELDS}
    for name in ENUM_FIELDS:
        member = getattr(source, name)
        values[name] = member.value if member is not None else ""
    values["certificates"] = "、".join(source.certificates)
    years = source.years_experience
    values["years_experience"] = "" if years is None else f"{years:g}"
    salary = source.expected_salary
    values["expected_salary"] = "" if salary is None else str(salary)
    opted_in = getattr(source, "open_to_recommendations", False)  # a file read gives no consent
    values["open_to_recommendations"] = "on" if opted_in else ""
    school_id = getattr(source, "school_id", None)
    values["school_id"] = "" if school_id is None else str(school_id)
    values["share_with_school"] = "on" if getattr(source, "share_with_school", False) else ""
    return values


def _payload(values: dict[str, str], *, fair_id: int | None, lang: str) -> dict[str, Any]:
    payload: dict[str, Any] = {name: values[name].strip() for name in TEXT_FIELDS}
    for name in ENUM_FIELDS:
        payload[name] = values[name] or None
    payload["certificates"] = [
        c.strip() for c in _LIST_SEPARATORS.split(values["certificates"]) if c.strip()
    ]
    payload["years_experience"] = values["years_experience"].strip() or 0
    payload["expected_salary"] = values["expected_salary"].strip() or None
    payload["open_to_recommendations"] = values["open_to_recommendations"] == "on"
    payload["school_id"] = _form_id(values["school_id"])
    payload["share_with_school"] = values["share_with_school"] == "on"
    payload["consent"] = values["consent"] == "on"
    payload["fair_id"] = fair_id
    payload["language"] = "en" if lang == EN else "zh"
    return payload


def validate_resume(
    values: dict[str, str], *, page: Page, fair_id: int | None
) -> tuple[ResumeCreate | None, dict[str, str]]:
    """The validated résumé, or the error message to show next to each wrong field."""
    try:
        return ResumeCreate.model_validate(_payload(values, fair_id=fair_id, lang=page.lang)), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for problem in exc.errors():
            field = str(problem["loc"][0]) if problem["loc"] else "consent"
            if field in FORM_FIELDS:
                errors.setdefault(field, page.t(f"invalid.{field}"))
        if values["consent"] != "on":
            errors.setdefault("consent", page.t("invalid.consent"))
        return None, errors


async def _job_context(session: AsyncSession, job_id: int | None) -> PostingRead | None:
    if job_id is None:
        return None
    try:
        return await postings.read_posting(session=session, posting_id=job_id)
    except NotFound:
        return None


async def _render_form(
    page: Page,
    session: AsyncSession,
    *,
    seeker: Resume | None,
    values: dict[str, str],
    job_id: int | None,
    fair_id: int | None,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    job = await _job_context(session, job_id)
    fair_id = job.fair_id if job is not None else fair_id
    return page.render(
        "resume.html",
        status_code=status_code,
        home_url=f"/f/{fair_id}" if fair_id else "/",
        editing=seeker is not None,
        values=values,
        errors=extra.pop("errors", {}),
        job=job,
        job_id=job.id if job else None,
        fair_id=fair_id,
        educations=list(Education),
        levels=list(SkillLevel),
        schools=await schools.list_schools(session=session),
        **extra,
    )


def _form_id(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


@router.get("/resume")
async def resume_form(
    page: PageDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
    job: Id = None,
    fair: Id = None,
) -> Response:
    """The short résumé form (edit mode for a returning seeker), with the file upload above it."""
    values = values_from(seeker) if seeker else {}  # sharing is a separate opt-in (PIPL art. 23)
    return await _render_form(page, session, seeker=seeker, values=values, job_id=job, fair_id=fair)


@router.post("/resume")
async def submit_resume(
    request: Request,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
) -> Response:
    """Create (consent required) or update the résumé; errors are shown next to the fields."""
    form = await page.checked_form()
    values = {name: str(form.get(name, "")) for name in FORM_FIELDS}
    job_id, fair_id = _form_id(form.get("job")), _form_id(form.get("fair"))
    job = await _job_context(session, job_id)
    fair_id = job.fair_id if job is not None else fair_id
    if seeker is not None:
        values["consent"] = "on"  # given when the résumé was created
    data, errors = validate_resume(values, page=page, fair_id=fair_id)
    if data is None:
        return await _render_form(
            page,
            session,
            seeker=seeker,
            values=values,
            job_id=job_id,
            fair_id=fair_id,
            status_code=422,
            errors=errors,
        )
    target = f"/jobs/{job.id}?saved=1" if job is not None else "/me?saved=1"
    if seeker is not None:
        changes = data.model_dump(exclude={"consent", "fair_id", "language"})
        update = ResumeUpdate(**changes)
        await resumes.update_resume(runtime=runtime, session=session, resume=seeker, data=update)
        return page.redirect(target)
    try:
        created = await resumes.create_resume(runtime=runtime, session=session, data=data)
    except NotFound:  # the fair named by a stale link is gone: keep the résumé anyway
        data = data.model_copy(update={"fair_id": None})
        created = await resumes.create_resume(runtime=runtime, session=session, data=data)
    if job is not None and await _apply_on_creation(runtime, session, created.id, job.id):
        target = f"/jobs/{job.id}/applied?saved=1"
    response = page.redirect(target)
    page.set_seeker(response, created.token)
    return response


async def _apply_on_creation(
    runtime: Runtime, session: AsyncSession, resume_id: int, posting_id: int
) -> bool:
    """Apply to the job the form was opened from: the seeker saw it named above the consent text
    and the button said "submit and apply". False when the job closed meanwhile."""
    try:
        await applications.apply(
            runtime=runtime, session=session, resume_id=resume_id, posting_id=posting_id
        )
    except (Conflict, NotFound):
        return False
    return True


@router.post("/resume/upload")
async def upload_resume(
    request: Request, page: PageDep, session: SessionDep, seeker: CookieSeekerDep
) -> Response:
    """Read a PDF or DOCX résumé into the form for the seeker to check; nothing is stored."""
    form = await page.checked_form(max_files=1, max_fields=10)
    job_id, fair_id = _form_id(form.get("job")), _form_id(form.get("fair"))
    file = form.get("file")
    data = await file.read(uploads.MAX_UPLOAD_BYTES + 1) if isinstance(file, UploadFile) else b""
    try:
        draft = await read_upload_isolated(data)
    except uploads.UploadRejected as exc:
        return await _render_form(
            page,
            session,
            seeker=seeker,
            values={},
            job_id=job_id,
            fair_id=fair_id,
            status_code=exc.status_code,
            upload_error=page.t(f"upload.{exc.problem.value}"),
        )
    return await _render_form(
        page,
        session,
        seeker=seeker,
        values=values_from(draft),
        job_id=job_id,
        fair_id=fair_id,
        notice=page.t("resume.prefilled"),
    )


@router.get("/me")
async def my_applications(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, seeker: CookieSeekerDep
) -> Response:
    """My applications: status, whether an intention was recorded, withdraw."""
    items = (
        await applications.list_applications(session=session, resume_id=seeker.id) if seeker else []
    )
    invitations = (
        await pipeline.pending_invitations(session=session, resume_id=seeker.id) if seeker else []
    )
    if seeker is not None and seeker.fair_id is not None:
        await record_hit(runtime, session, page, fair_id=seeker.fair_id, name="me")
    return page.render(
        "me.html",
        seeker=seeker,
        gaps=await _ways_to_improve(runtime, session, seeker),
        applications=items,
        invitations=invitations,
        saved=page.saved_notice,
        found=page.request.query_params.get("found") == "1",
    )


@router.post("/me/invitations/{invitation_id}/{answer}")
async def answer_invitation(
    invitation_id: int,
    answer: InvitationAnswer,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
) -> Response:
    """Accept an employer's invitation (this applies, revealing contact details to that firm)
    or decline it (the firm keeps seeing masked details only)."""
    await page.checked_form()
    if seeker is not None:
        await pipeline.respond_to_invitation(
            runtime=runtime,
            session=session,
            resume_id=seeker.id,
            invitation_id=invitation_id,
            accept=answer is InvitationAnswer.accept,
        )
    return page.redirect("/me")


@router.post("/me/applications/{application_id}/withdraw")
async def withdraw(
    application_id: int,
    request: Request,
    page: PageDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
) -> Response:
    """Withdraw one of my applications."""
    await page.checked_form()
    if seeker is not None:
        await applications.withdraw(
            session=session, resume_id=seeker.id, application_id=application_id
        )
    return page.redirect("/me")


@router.get("/me/recommendations")
async def recommendations(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, seeker: CookieSeekerDep
) -> Response:
    """Open jobs recommended for my résumé, each with a one-line reason."""
    if seeker is None:
        return page.redirect("/resume")
    found = await matching.recommendations_for_resume(
        runtime=runtime, session=session, resume=seeker, limit=20
    )
    key = "summary_en" if page.lang == EN else "summary_zh"
    applied = set(
        await session.scalars(
            select(Application.posting_id).where(
                Application.resume_id == seeker.id,
                Application.status == ApplicationStatus.submitted,
            )
        )
    )
    items = [
        item.model_dump()
        | {"reason": str(item.explanation.get(key, "")), "applied": item.posting_id in applied}
        for item in found
    ]
    items.sort(key=lambda item: item["applied"])  # jobs applied to last, marked, best first
    gaps = await _ways_to_improve(runtime, session, seeker)
    return page.render("recommendations.html", items=items, gaps=gaps)


async def _ways_to_improve(
    runtime: Runtime, session: AsyncSession, seeker: Resume | None
) -> list[SkillGap]:
    """The first steps of the seeker's skill-gap guidance; none when search is down."""
    if seeker is None:
        return []
    try:
        found = await skill_gaps(runtime=runtime, session=session, resume=seeker)
    except SearchUnavailableError:
        return []
    return found.items[:CARD_STEPS]


@router.get("/me/delete")
async def confirm_delete(page: PageDep, seeker: CookieSeekerDep) -> Response:
    """Ask before deleting everything."""
    if seeker is None:
        return page.redirect("/me")
    return page.render("delete.html", seeker=seeker, deleted=False)


@router.post("/me/delete")
async def delete_everything(
    request: Request,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: CookieSeekerDep,
) -> Response:
    """Delete my résumé, applications and intentions (database and index); clear the cookie."""
    await page.checked_form()
    if seeker is not None:
        await resumes.delete_resume(runtime=runtime, session=session, resume=seeker)
    response = page.render("delete.html", seeker=None, deleted=True)
    page.set_seeker(response, None)
    return response
