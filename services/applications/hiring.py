"""The enterprise's hiring pipeline: ranked candidate rows, stages and notes, invitations."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from matcher.domain import Education, SkillLevel
from services.applications.schemas import IntentionCreate
from services.applications.service import apply, candidate_visible, record_intention
from services.errors import Conflict, NotFound, ResumeNotFound
from services.matching.schemas import CandidateItem
from services.matching.service import candidates_for_posting
from services.models import (
    Application,
    ApplicationStatus,
    CandidateStage,
    Enterprise,
    Intention,
    Invitation,
    InvitationStatus,
    Posting,
    PostingStatus,
    Resume,
)
from services.postings.service import owned_posting

if TYPE_CHECKING:
    from services.runtime import Runtime


@dataclass(frozen=True, slots=True)
class CandidateFilters:
    """What the enterprise narrows the ranked list to; applicants first unless mixed."""

    applied_only: bool = False
    skill_level: SkillLevel | None = None
    education: Education | None = None
    district: str = ""
    applicants_first: bool = True

    @property
    def narrowing(self) -> bool:
        return bool(self.applied_only or self.skill_level or self.education or self.district)


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A ranked candidate plus where they stand in this enterprise's pipeline."""

    rank: int
    item: CandidateItem
    application_id: int | None
    stage: CandidateStage | None
    note: str
    intention: bool
    invitation: InvitationStatus | None
    district: str


def _keep(row: CandidateRow, filters: CandidateFilters) -> bool:
    item = row.item
    if filters.applied_only and not item.applied:
        return False
    if filters.skill_level is not None and (
        item.skill_level is None or item.skill_level.rank < filters.skill_level.rank
    ):
        return False
    if filters.education is not None and item.education.rank < filters.education.rank:
        return False
    return not filters.district or filters.district in row.district


async def candidate_rows(
    *,
    runtime: Runtime,
    session: AsyncSession,
    posting_id: int,
    filters: CandidateFilters,
    limit: int,
) -> list[CandidateRow]:
    """The matcher's ranking for a posting, filtered, with stage, note, intention, invitation."""
    # Filters and applicants-first need the whole pool ranked before the list is cut.
    whole = filters.narrowing or filters.applicants_first
    pool = max(limit, runtime.settings.candidate_pool) if whole else limit
    items = await candidates_for_posting(
        runtime=runtime, session=session, posting_id=posting_id, limit=pool, pool=pool
    )
    ids = [item.resume_id for item in items]
    applications = {
        a.resume_id: a
        for a in (
            await session.scalars(
                select(Application).where(
                    Application.posting_id == posting_id, Application.resume_id.in_(ids)
                )
            )
        ).all()
    }
    intended = set(
        (
            await session.scalars(
                select(Intention.resume_id).where(
                    Intention.posting_id == posting_id, Intention.resume_id.in_(ids)
                )
            )
        ).all()
    )
    invited = {
        resume_id: status
        for resume_id, status in (
            await session.execute(
                select(Invitation.resume_id, Invitation.status).where(
                    Invitation.posting_id == posting_id, Invitation.resume_id.in_(ids)
                )
            )
        ).all()
    }
    districts = dict(
        (
            await session.execute(
                select(Resume.id, Resume.desired_location).where(Resume.id.in_(ids))
            )
        ).all()
    )
    rows = []
    for item in items:
        application = applications.get(item.resume_id) if item.applied else None
        row = CandidateRow(
            rank=0,
            item=item,
            application_id=application.id if application else None,
            stage=application.stage if application else None,
            note=application.note if application else "",
            intention=item.resume_id in intended,
            invitation=invited.get(item.resume_id),
            district=districts.get(item.resume_id, ""),
        )
        if _keep(row, filters):
            rows.append(row)
    if filters.applicants_first:
        rows.sort(key=lambda row: not row.item.applied)
    return [dataclasses.replace(row, rank=rank) for rank, row in enumerate(rows[:limit], 1)]


async def update_application(
    *,
    runtime: Runtime,
    session: AsyncSession,
    enterprise_id: int,
    application_id: int,
    stage: CandidateStage | None,
    note: str | None,
) -> Application:
    """Move an application of an owned posting to a stage and/or set its note.

    Stage `intention` records the preliminary intention itself (counted like POST /api/intentions).
    Once one is recorded the stage stays `intention` or becomes `rejected` (the fair counted the
    intention; a firm may still decline later), never an earlier stage.
    """
    application = await session.get(Application, application_id)
    if application is None or application.status is not ApplicationStatus.submitted:
        raise NotFound(bilingual("api.application_not_found"))
    await owned_posting(
        session=session, posting_id=application.posting_id, enterprise_id=enterprise_id
    )
    if note is not None:
        application.note = note
    if stage is CandidateStage.intention:
        await record_intention(
            runtime=runtime,
            session=session,
            enterprise_id=enterprise_id,
            data=IntentionCreate(
                posting_id=application.posting_id, resume_id=application.resume_id
            ),
        )
    elif stage is not None:
        if stage is not CandidateStage.rejected and await _has_intention(session, application):
            raise Conflict(bilingual("api.intention_stage"))
        application.stage = stage
    await session.commit()
    await session.refresh(application)
    return application


async def _has_intention(session: AsyncSession, application: Application) -> bool:
    found = await session.scalar(
        select(Intention.id).where(
            Intention.posting_id == application.posting_id,
            Intention.resume_id == application.resume_id,
        )
    )
    return found is not None


async def invite(
    *, session: AsyncSession, enterprise_id: int, posting_id: int, resume_id: int
) -> tuple[Invitation, bool]:
    """Invite an opted-in seeker to apply to an owned, open posting; again is harmless."""
    posting = await owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise_id
    )
    if posting.status is not PostingStatus.open:
        raise Conflict(bilingual("api.posting_closed"))
    if not await candidate_visible(session=session, posting_id=posting_id, resume_id=resume_id):
        raise ResumeNotFound()
    existing = await session.scalar(
        select(Invitation).where(
            Invitation.posting_id == posting_id, Invitation.resume_id == resume_id
        )
    )
    if existing is not None:
        return existing, False
    invitation = Invitation(posting_id=posting_id, resume_id=resume_id, enterprise_id=enterprise_id)
    session.add(invitation)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(bilingual("api.already_invited")) from None
    return invitation, True


async def seeker_invitations(
    *, session: AsyncSession, resume_id: int
) -> list[tuple[Invitation, Posting]]:
    """The seeker's invitations, newest first, with their postings."""
    rows = await session.execute(
        select(Invitation, Posting)
        .join(Posting, Posting.id == Invitation.posting_id)
        .where(Invitation.resume_id == resume_id)
        .order_by(Invitation.id.desc())
    )
    return [(invitation, posting) for invitation, posting in rows.all()]


@dataclass(frozen=True, slots=True)
class PendingInvitation:
    """An open invitation as the seeker's page shows it."""

    id: int
    posting_id: int
    title: str
    enterprise_name: str


async def pending_invitations(*, session: AsyncSession, resume_id: int) -> list[PendingInvitation]:
    """Invitations the seeker has not answered yet, newest first."""
    rows = await session.execute(
        select(Invitation.id, Posting.id, Posting.title, Enterprise.name)
        .join(Posting, Posting.id == Invitation.posting_id)
        .join(Enterprise, Enterprise.id == Posting.enterprise_id)
        .where(Invitation.resume_id == resume_id, Invitation.status == InvitationStatus.pending)
        .order_by(Invitation.id.desc())
    )
    return [PendingInvitation(*row) for row in rows.all()]


async def respond_to_invitation(
    *, runtime: Runtime, session: AsyncSession, resume_id: int, invitation_id: int, accept: bool
) -> Invitation:
    """Accept (which applies, revealing contact details to that enterprise) or decline."""
    invitation = await session.get(Invitation, invitation_id)
    if invitation is None or invitation.resume_id != resume_id:
        raise NotFound(bilingual("api.invitation_not_found"))
    if accept:
        await apply(
            runtime=runtime, session=session, resume_id=resume_id, posting_id=invitation.posting_id
        )
    invitation.status = InvitationStatus.accepted if accept else InvitationStatus.declined
    await session.commit()
    await session.refresh(invitation)
    return invitation
