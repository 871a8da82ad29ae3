"""Skill-gap guidance (seeker token), the training providers catalogue (organizer)."""

from __future__ import annotations

from fastapi import APIRouter, status

from services.deps import OrganizerDep, RuntimeDep, SeekerDep, SessionDep
from services.resumes import service as resumes
from services.training import providers
from services.training.schemas import ProviderCreate, ProviderList, ProviderRead, SkillGapList
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
