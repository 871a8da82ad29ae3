"""Applications (seeker) and preliminary intentions (enterprise)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.applications import service as applications
from services.applications.schemas import (
    ApplicationCreate,
    ApplicationCreated,
    IntentionCreate,
    IntentionRead,
)
from services.deps import EnterpriseDep, RuntimeDep, SeekerDep, SessionDep

router = APIRouter(prefix="/api", tags=["applications"])


@router.post(
    "/applications",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "已申请过 / Already applied: the same application"}},
)
async def apply(
    data: ApplicationCreate,
    response: Response,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: SeekerDep,
) -> ApplicationCreated:
    """Apply to a posting; durable when this answers 2xx. Applying again returns 200."""
    application, created = await applications.apply(
        runtime=runtime, session=session, resume_id=seeker.id, posting_id=data.posting_id
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return application


@router.delete("/applications/{application_id}", status_code=status.HTTP_204_NO_CONTENT)
async def withdraw(application_id: int, session: SessionDep, seeker: SeekerDep) -> None:
    """Withdraw one of the seeker's applications."""
    await applications.withdraw(session=session, resume_id=seeker.id, application_id=application_id)


@router.post(
    "/intentions",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "已记录 / Already recorded: the same intention"}},
)
async def record_intention(
    data: IntentionCreate,
    response: Response,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: EnterpriseDep,
) -> IntentionRead:
    """Record a preliminary employment intention for a candidate of an owned posting."""
    intention, created = await applications.record_intention(
        runtime=runtime, session=session, enterprise_id=enterprise.id, data=data
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return IntentionRead.model_validate(intention)
