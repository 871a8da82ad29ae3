"""Skill-gap guidance (seeker token), the training providers catalogue (organizer), school
accounts (organizer) and a school's own report (school token)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from frontend.i18n import ZH, bilingual
from services.auth.principals import Principal
from services.deps import OrganizerDep, RuntimeDep, SchoolDep, SeekerDep, SessionDep
from services.errors import Forbidden
from services.models import School
from services.resumes import service as resumes
from services.training import providers, schools
from services.training.schemas import (
    ProviderCreate,
    ProviderList,
    ProviderRead,
    SchoolCreate,
    SchoolCreated,
    SchoolList,
    SchoolReport,
    SkillGapList,
)
from services.training.school_report import school_report as build_school_report
from services.training.school_report_xlsx import school_report_xlsx, workbook_response
from services.training.skill_gaps import skill_gaps

router = APIRouter(prefix="/api", tags=["training"])


@router.get("/resumes/{resume_id}/skill-gaps")
async def resume_skill_gaps(
    resume_id: int, runtime: RuntimeDep, session: SessionDep, seeker: SeekerDep
) -> SkillGapList:
    """Which next ladder level or certificate would match how many more open postings (at the
    seeker's fair and in the city), with the salary change and where to train."""
    resume = await resumes.own_resume(session=session, resume_id=resume_id, seeker_id=seeker.id)
    return await skill_gaps(runtime=runtime, session=session, resume=resume)


@router.get("/training-providers")
async def list_providers(session: SessionDep, organizer: OrganizerDep) -> ProviderList:
    """The training providers catalogue."""
    return ProviderList(items=await providers.list_providers(session=session))


@router.post("/training-providers", status_code=status.HTTP_201_CREATED)
async def create_provider(
    data: ProviderCreate, session: SessionDep, organizer: OrganizerDep
) -> ProviderRead:
    """List a training provider: its courses and the certificates they lead to."""
    return await providers.create_provider(session=session, data=data)


@router.put("/training-providers/{provider_id}")
async def update_provider(
    provider_id: int, data: ProviderCreate, session: SessionDep, organizer: OrganizerDep
) -> ProviderRead:
    """Replace a provider's details."""
    return await providers.update_provider(session=session, provider_id=provider_id, data=data)


@router.delete("/training-providers/{provider_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_provider(provider_id: int, session: SessionDep, organizer: OrganizerDep) -> None:
    """Remove a provider from the catalogue."""
    await providers.delete_provider(session=session, provider_id=provider_id)


@router.get("/schools")
async def list_schools(session: SessionDep) -> SchoolList:
    """The schools a seeker can name on the résumé (names only: no students, no tokens)."""
    return SchoolList(items=await schools.list_schools(session=session))


@router.post("/schools", status_code=status.HTTP_201_CREATED)
async def create_school(
    data: SchoolCreate, response: Response, session: SessionDep, organizer: OrganizerDep
) -> SchoolCreated:
    """Create a school account; its token is in this answer only (the hash is stored)."""
    response.headers["Cache-Control"] = "no-store"
    return await schools.create_school(session=session, data=data)


@router.delete("/schools/{school_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_school(school_id: int, session: SessionDep, organizer: OrganizerDep) -> None:
    """Remove a school account (its students' résumés stay, unlinked)."""
    await schools.delete_school(session=session, school_id=school_id)


async def _own_school(session: SessionDep, school_id: int, caller: Principal) -> School:
    if caller.id != school_id:
        raise Forbidden(bilingual("api.own_school_only"))
    return await schools.get_school(session=session, school_id=school_id)


@router.get("/schools/{school_id}/report")
async def school_report(
    school_id: int, runtime: RuntimeDep, session: SessionDep, school: SchoolDep
) -> SchoolReport:
    """The school's own report: consenting students' outcomes at each fair, and the gap between
    what postings in its occupations ask for and what those students show."""
    found = await _own_school(session, school_id, school)
    return await build_school_report(runtime=runtime, session=session, school=found)


@router.get("/schools/{school_id}/report.xlsx", response_class=Response)
async def school_report_workbook(
    school_id: int,
    runtime: RuntimeDep,
    session: SessionDep,
    school: SchoolDep,
    lang: Annotated[str, Query(pattern="^(zh-CN|en)$")] = ZH,
) -> Response:
    """The same report as an XLSX workbook."""
    found = await _own_school(session, school_id, school)
    report = await build_school_report(runtime=runtime, session=session, school=found)
    return workbook_response(await asyncio.to_thread(school_report_xlsx, report, lang), school_id)
