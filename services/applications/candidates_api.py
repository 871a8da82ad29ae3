"""Enterprise pipeline actions (stage, note, invitation), seeker invitations, résumé PDFs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, StringConstraints

from services.applications import hiring as pipeline
from services.deps import EnterpriseDep, PrincipalDep, RuntimeDep, SeekerDep, SessionDep
from services.exports import downloads
from services.models import ApplicationStatus, CandidateStage, InvitationStatus
from services.schemas import Strict

router = APIRouter(prefix="/api", tags=["candidates"])

Note = Annotated[str, StringConstraints(max_length=1000)]


class ApplicationStageUpdate(Strict):
    stage: CandidateStage | None = None
    note: Note | None = None


class ApplicationStageRead(BaseModel):
    id: int
    posting_id: int
    resume_id: int
    status: ApplicationStatus
    stage: CandidateStage
    note: str


class InvitationCreate(Strict):
    posting_id: int
    resume_id: int


class InvitationRead(BaseModel):
    id: int
    posting_id: int
    resume_id: int
    status: InvitationStatus
    created_at: datetime
    posting_title: str | None = None


class InvitationList(BaseModel):
    items: list[InvitationRead]


@router.patch("/applications/{application_id}")
async def update_application(
    application_id: int,
    data: ApplicationStageUpdate,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: EnterpriseDep,
) -> ApplicationStageRead:
    """Set the pipeline stage and/or note of an application to an owned posting."""
    app = await pipeline.update_application(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        application_id=application_id,
        stage=data.stage,
        note=data.note,
    )
    return ApplicationStageRead(
        id=app.id,
        posting_id=app.posting_id,
        resume_id=app.resume_id,
        status=app.status,
        stage=app.stage,
        note=app.note,
    )


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "已邀请过 / Already invited: the same invitation"}},
)
async def invite(
    data: InvitationCreate, response: Response, session: SessionDep, enterprise: EnterpriseDep
) -> InvitationRead:
    """Invite an opted-in seeker to apply to an owned posting."""
    invitation, created = await pipeline.invite(
        session=session,
        enterprise_id=enterprise.id,
        posting_id=data.posting_id,
        resume_id=data.resume_id,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return InvitationRead(
        id=invitation.id,
        posting_id=invitation.posting_id,
        resume_id=invitation.resume_id,
        status=invitation.status,
        created_at=invitation.created_at,
    )


@router.get("/invitations")
async def my_invitations(session: SessionDep, seeker: SeekerDep) -> InvitationList:
    """The seeker's invitations from enterprises, newest first."""
    rows = await pipeline.seeker_invitations(session=session, resume_id=seeker.id)
    return InvitationList(
        items=[
            InvitationRead(
                id=invitation.id,
                posting_id=invitation.posting_id,
                resume_id=invitation.resume_id,
                status=invitation.status,
                created_at=invitation.created_at,
                posting_title=posting.title,
            )
            for invitation, posting in rows
        ]
    )


async def _respond(
    invitation_id: int, accept: bool, runtime: RuntimeDep, session: SessionDep, seeker: SeekerDep
) -> InvitationRead:
    invitation = await pipeline.respond_to_invitation(
        runtime=runtime,
        session=session,
        resume_id=seeker.id,
        invitation_id=invitation_id,
        accept=accept,
    )
    return InvitationRead(
        id=invitation.id,
        posting_id=invitation.posting_id,
        resume_id=invitation.resume_id,
        status=invitation.status,
        created_at=invitation.created_at,
    )


@router.post("/invitations/{invitation_id}/accept")
async def accept_invitation(
    invitation_id: int, runtime: RuntimeDep, session: SessionDep, seeker: SeekerDep
) -> InvitationRead:
    """Accept an invitation: this applies, so the enterprise sees the contact details."""
    return await _respond(invitation_id, True, runtime, session, seeker)


@router.post("/invitations/{invitation_id}/decline")
async def decline_invitation(
    invitation_id: int, runtime: RuntimeDep, session: SessionDep, seeker: SeekerDep
) -> InvitationRead:
    """Decline an invitation; the enterprise keeps seeing masked details only."""
    return await _respond(invitation_id, False, runtime, session, seeker)


@router.get(
    "/resumes/{resume_id}/pdf",
    response_class=Response,
    responses={200: {"content": {downloads.PDF: {}}}},
)
async def resume_pdf(
    resume_id: int, runtime: RuntimeDep, session: SessionDep, principal: PrincipalDep
) -> Response:
    """A résumé as PDF: for the seeker, or an enterprise the seeker applied to (counted)."""
    content, headers = await downloads.resume_pdf(
        runtime=runtime, session=session, principal=principal, resume_id=resume_id
    )
    return Response(content, media_type=downloads.PDF, headers=headers)
