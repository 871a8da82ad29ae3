"""Enterprise pipeline actions (stage, note, invitation), seeker invitations, résumé PDFs."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.applications import hiring as pipeline
from services.applications.schemas import (
    ApplicationStageRead,
    ApplicationStageUpdate,
    InvitationAnswer,
    InvitationCreate,
    InvitationList,
    InvitationRead,
)
from services.deps import EnterpriseDep, PrincipalDep, RuntimeDep, SeekerDep, SessionDep
from services.exports import downloads

router = APIRouter(prefix="/api", tags=["candidates"])


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
    return ApplicationStageRead.model_validate(app)


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
    return InvitationRead.of(invitation)


@router.get("/invitations")
async def my_invitations(session: SessionDep, seeker: SeekerDep) -> InvitationList:
    """The seeker's invitations from enterprises, newest first."""
    rows = await pipeline.seeker_invitations(session=session, resume_id=seeker.id)
    return InvitationList(
        items=[
            InvitationRead.of(invitation, posting_title=posting.title)
            for invitation, posting in rows
        ]
    )


@router.post("/invitations/{invitation_id}/{answer}")
async def answer_invitation(
    invitation_id: int,
    answer: InvitationAnswer,
    runtime: RuntimeDep,
    session: SessionDep,
    seeker: SeekerDep,
) -> InvitationRead:
    """Accept an invitation (this applies, so the enterprise sees the contact details) or
    decline it (the enterprise keeps seeing masked details only)."""
    invitation = await pipeline.respond_to_invitation(
        runtime=runtime,
        session=session,
        resume_id=seeker.id,
        invitation_id=invitation_id,
        accept=answer is InvitationAnswer.accept,
    )
    return InvitationRead.of(invitation)


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
