"""Résumés (seeker token), their applications and recommendations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.applications import service as applications
from services.applications.schemas import ApplicationList
from services.auth.principals import SEEKER_COOKIE
from services.deps import RuntimeDep, SeekerDep, SessionDep
from services.matching import service as matching
from services.matching.schemas import RecommendationList
from services.resumes import service as resumes
from services.resumes.schemas import ResumeCreate, ResumeCreated, ResumeRead, ResumeUpdate

router = APIRouter(prefix="/api/resumes", tags=["resumes"])

COOKIE_MAX_AGE = 180 * 24 * 3600


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_resume(
    data: ResumeCreate, response: Response, runtime: RuntimeDep, session: SessionDep
) -> ResumeCreated:
    """Submit a résumé (consent required); returns the secret token once and sets a cookie."""
    created = await resumes.create_resume(runtime=runtime, session=session, data=data)
    response.set_cookie(
        SEEKER_COOKIE,
        created.token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=runtime.settings.public_url.startswith("https://"),
    )
    return created


@router.get("/{resume_id}")
async def read_resume(resume_id: int, session: SessionDep, seeker: SeekerDep) -> ResumeRead:
    """The seeker's own résumé."""
    resume = await resumes.own_resume(session=session, resume_id=resume_id, seeker_id=seeker.id)
    return ResumeRead.model_validate(resume)


@router.patch("/{resume_id}")
async def update_resume(
    resume_id: int, data: ResumeUpdate, runtime: RuntimeDep, session: SessionDep, seeker: SeekerDep
) -> ResumeRead:
    """Edit the seeker's own résumé."""
    resume = await resumes.own_resume(session=session, resume_id=resume_id, seeker_id=seeker.id)
    return await resumes.update_resume(runtime=runtime, session=session, resume=resume, data=data)


@router.delete("/{resume_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_resume(
    resume_id: int, response: Response, runtime: RuntimeDep, session: SessionDep, seeker: SeekerDep
) -> None:
    """Delete the résumé, its applications and intentions, and its index entry."""
    resume = await resumes.own_resume(session=session, resume_id=resume_id, seeker_id=seeker.id)
    await resumes.delete_resume(runtime=runtime, session=session, resume=resume)
    response.delete_cookie(SEEKER_COOKIE)


@router.get("/{resume_id}/applications")
async def my_applications(
    resume_id: int, session: SessionDep, seeker: SeekerDep
) -> ApplicationList:
    """The seeker's applications with status, booth and intention."""
    await resumes.own_resume(session=session, resume_id=resume_id, seeker_id=seeker.id)
    return ApplicationList(
        items=await applications.list_applications(session=session, resume_id=resume_id)
    )


@router.get("/{resume_id}/recommendations")
async def recommendations(
    resume_id: int,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: SeekerDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> RecommendationList:
    """Open postings recommended for the seeker, with a reason each."""
    resume = await resumes.own_resume(session=session, resume_id=resume_id, seeker_id=seeker.id)
    items = await matching.recommendations_for_resume(
        runtime=runtime, session=session, resume=resume, limit=limit
    )
    return RecommendationList(items=items)
