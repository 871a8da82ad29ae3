"""Enterprise portal pages: login, postings (list, create, edit, close) and Excel import."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Response
from pydantic import ValidationError
from sqlalchemy import func, select
from starlette.datastructures import FormData, UploadFile

from matcher.domain import Education, SkillLevel
from services.deps import RuntimeDep, SessionDep
from services.models import (
    Application,
    ApplicationStatus,
    Booth,
    Enterprise,
    Fair,
    OccupationSource,
    PostingStatus,
)
from services.postings import bulk_import as imports
from services.postings import service as postings
from services.postings.schemas import PostingCreate, PostingUpdate
from services.web.pages import PageDep, form_choice, form_errors
from services.web.portal_kit import (
    HOME,
    PortalEnterpriseDep,
    PortalRoute,
    render,
)

if TYPE_CHECKING:
    from services.runtime import Runtime

router = APIRouter(prefix="/portal", route_class=PortalRoute, include_in_schema=False)

FIELDS = (
    "title",
    "occupation_code",
    "skill_level",
    "education",
    "min_years",
    "certificates",
    "headcount",
    "salary_min",
    "salary_max",
    "location",
    "description",
    "requirements",
    "firm_grade",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _fairs(session: SessionDep, enterprise_id: int) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(Fair.id, Fair.name)
        .join(Booth, Booth.fair_id == Fair.id)
        .where(Booth.enterprise_id == enterprise_id)
        .order_by(Fair.starts_at.desc())
    )
    return [(fair_id, name) for fair_id, name in rows.all()]


@router.get("/postings")
async def posting_list(
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
    status: PostingStatus | None = None,
) -> Response:
    """The enterprise's postings with applicant counts."""
    found = await postings.list_postings(
        runtime=runtime,
        session=session,
        query=postings.PostingQuery(enterprise_id=enterprise.id, status=status, page_size=100),
    )
    counts = dict(
        (
            await session.execute(
                select(Application.posting_id, func.count())
                .where(
                    Application.posting_id.in_([p.id for p in found.items]),
                    Application.status == ApplicationStatus.submitted,
                )
                .group_by(Application.posting_id)
            )
        ).all()
    )
    return render(
        page, "postings.html", enterprise, postings=found.items, counts=counts, status=status
    )


def _values(form: FormData | None, posting: Any = None) -> dict[str, str]:
    if form is not None:
        return {name: str(form.get(name) or "") for name in (*FIELDS, "fair_id")}
    if posting is None:
        return dict.fromkeys((*FIELDS, "fair_id"), "") | {"headcount": "1", "min_years": "0"}
    values = {name: str(getattr(posting, name) or "") for name in FIELDS}
    if posting.occupation_code_source == OccupationSource.model:
        values["occupation_code"] = ""  # "automatic" stays chosen: saving keeps it the model's
    values["certificates"] = "、".join(posting.certificates)
    for name in ("skill_level", "education"):
        member = getattr(posting, name)
        values[name] = member.value if member is not None else ""
    values["min_years"] = str(posting.min_years)
    values["fair_id"] = str(posting.fair_id)
    return values


def _payload(values: dict[str, str]) -> dict[str, Any]:
    payload: dict[str, Any] = {
        name: values[name].strip() for name in FIELDS if values[name].strip()
    }
    payload["title"] = values["title"].strip()
    payload["certificates"] = [
        c.strip() for c in imports.LIST_SEPARATORS.split(values["certificates"]) if c.strip()
    ]
    return payload


async def _suggestions(runtime: Runtime, title: str) -> list[tuple[str, str, float]]:
    if not title.strip():
        return []
    found = await asyncio.to_thread(runtime.classifier.classify, title, k=5)
    return [(c.code, c.name, c.score) for c in found]


async def _form(
    page: PageDep,
    runtime: Runtime,
    session: SessionDep,
    enterprise: Enterprise,
    values: dict[str, str],
    *,
    posting_id: int | None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    system_code: str | None = None,
) -> Response:
    return render(
        page,
        "posting_form.html",
        enterprise,
        values=values,
        errors=errors or {},
        posting_id=posting_id,
        system_code=system_code,
        fairs=await _fairs(session, enterprise.id),
        suggestions=await _suggestions(runtime, values["title"]),
        levels=list(SkillLevel),
        educations=list(Education),
        status_code=status_code,
    )


@router.get("/postings/new")
async def new_posting(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """An empty posting form."""
    return await _form(page, runtime, session, enterprise, _values(None), posting_id=None)


@router.post("/postings/new")
async def create_posting(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """Suggest occupation codes for the title, or validate and publish the posting."""
    form = await page.checked_form()
    values = _values(form)
    if form.get("action") == "suggest":
        return await _form(page, runtime, session, enterprise, values, posting_id=None)
    try:
        data = PostingCreate.model_validate(_payload(values) | {"fair_id": values["fair_id"]})
    except ValidationError as exc:
        return await _form(
            page,
            runtime,
            session,
            enterprise,
            values,
            posting_id=None,
            errors=form_errors(exc, FIELDS, other="salary_max", whole="title"),
            status_code=422,
        )
    await postings.create_posting(
        runtime=runtime, session=session, enterprise_id=enterprise.id, data=data
    )
    return page.redirect(HOME)


@router.get("/postings/{posting_id}/edit")
async def edit_posting(
    posting_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
) -> Response:
    """The form of an owned posting."""
    posting = await postings.owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise.id
    )
    by_model = posting.occupation_code_source == OccupationSource.model
    return await _form(
        page,
        runtime,
        session,
        enterprise,
        _values(None, posting),
        posting_id=posting_id,
        system_code=posting.occupation_code if by_model else None,
    )


@router.post("/postings/{posting_id}/edit")
async def update_posting(
    posting_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
) -> Response:
    """Save an owned posting (or suggest occupation codes for its new title)."""
    form = await page.checked_form()
    await postings.owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise.id
    )
    values = _values(form)
    if form.get("action") == "suggest":
        return await _form(page, runtime, session, enterprise, values, posting_id=posting_id)
    payload = _payload(values)
    for name in (
        "skill_level",
        "education",
        "description",
        "requirements",
        "location",
        "firm_grade",
    ):
        payload.setdefault(name, None if name in ("skill_level", "education") else "")
    try:
        data = PostingUpdate.model_validate(payload)
    except ValidationError as exc:
        return await _form(
            page,
            runtime,
            session,
            enterprise,
            values,
            posting_id=posting_id,
            errors=form_errors(exc, FIELDS, other="salary_max", whole="title"),
            status_code=422,
        )
    await postings.update_posting(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        posting_id=posting_id,
        data=data,
    )
    return page.redirect(HOME)


@router.post("/postings/{posting_id}/status")
async def set_posting_status(
    posting_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: PortalEnterpriseDep,
) -> Response:
    """Close or reopen an owned posting."""
    form = await page.checked_form()
    status = form_choice(form, "status", PostingStatus, PostingStatus.closed)
    await postings.update_posting(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        posting_id=posting_id,
        data=PostingUpdate(status=status),
    )
    return page.redirect(HOME)


@router.get("/postings/template.xlsx")
async def import_template(enterprise: PortalEnterpriseDep) -> Response:
    """The Excel template for bulk import: headers and an example row."""
    from services.exports.downloads import attachment

    return Response(
        await asyncio.to_thread(imports.template_xlsx),
        media_type=XLSX,
        headers=attachment("岗位导入模板.xlsx", "postings-template.xlsx"),
    )


@router.get("/postings/import")
async def import_page(
    page: PageDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """The upload form."""
    return render(
        page, "import.html", enterprise, fairs=await _fairs(session, enterprise.id), report=None
    )


@router.post("/postings/import")
async def import_upload(
    page: PageDep, runtime: RuntimeDep, session: SessionDep, enterprise: PortalEnterpriseDep
) -> Response:
    """Import every row of the uploaded sheet, or none and a report of what to fix."""
    form = await page.checked_form()
    upload = form.get("file")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    fair_id = int(str(form.get("fair_id") or 0)) if str(form.get("fair_id") or "").isdigit() else 0
    report = await imports.import_postings(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        fair_id=fair_id,
        content=content,
    )
    return render(
        page,
        "import.html",
        enterprise,
        fairs=await _fairs(session, enterprise.id),
        report=report,
        status_code=200 if not report.errors else 422,
    )
