"""Applications (seeker → posting) and preliminary intentions (enterprise → candidate)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.sql.dml import ReturningInsert

from frontend.i18n import bilingual
from matcher.domain import SkillLevel
from services.applications.schemas import ApplicationCreated, ApplicationRead, IntentionCreate
from services.db import utcnow
from services.errors import Conflict, Forbidden, NotFound, PostingNotFound, ResumeNotFound
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
from services.postings.service import booth_number, owned_posting
from services.stats.events import EventKind, FairEvent

if TYPE_CHECKING:
    from services.runtime import Runtime


class _EventSource(Protocol):
    @property
    def fair_id(self) -> int: ...
    @property
    def enterprise_id(self) -> int: ...
    @property
    def occupation_code(self) -> str | None: ...
    @property
    def skill_level(self) -> SkillLevel | None: ...


def _event(kind: EventKind, posting: _EventSource) -> FairEvent:
    return FairEvent(
        kind=kind,
        fair_id=posting.fair_id,
        enterprise_id=posting.enterprise_id,
        occupation_code=posting.occupation_code,
        skill_level=posting.skill_level.value if posting.skill_level else None,
    )


def _insert_new(dialect: str) -> ReturningInsert[tuple[int]]:
    """INSERT of a new application that does nothing when the pair exists (one round trip)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(Application)
        .values(
            resume_id=bindparam("resume_id"),
            posting_id=bindparam("posting_id"),
            status=ApplicationStatus.submitted,
            stage=CandidateStage.new,
            note="",
            created_at=bindparam("now"),
            updated_at=bindparam("now"),
        )
        .on_conflict_do_nothing(index_elements=["resume_id", "posting_id"])
        .returning(Application.id)
    )


# Built once: SQLAlchemy then reuses their cache keys and compiled forms on the busiest write.
_INSERT_NEW = {dialect: _insert_new(dialect) for dialect in ("postgresql", "sqlite")}
_POSTING_FACTS = select(
    Posting.fair_id,
    Posting.enterprise_id,
    Posting.occupation_code,
    Posting.skill_level,
    Posting.status,
).where(Posting.id == bindparam("posting_id"))


async def apply(
    *, runtime: Runtime, session: AsyncSession, resume_id: int, posting_id: int
) -> tuple[ApplicationCreated, bool]:
    """Apply to a posting; returns (application, created). The same pair again is harmless.

    The busiest write of a fair: one column read of the posting, then one INSERT ... ON CONFLICT
    DO NOTHING, committed before the answer; an existing pair is looked up only when it exists.
    """
    connection = await session.connection()
    pair = {"resume_id": resume_id, "posting_id": posting_id}
    posting = (await connection.execute(_POSTING_FACTS, pair)).one_or_none()
    if posting is None:
        raise PostingNotFound()
    if posting.status is PostingStatus.open:
        insert = _INSERT_NEW[connection.dialect.name]
        async with runtime.writing():
            new_id = await connection.scalar(insert, pair | {"now": utcnow()})
            if new_id is not None:
                await session.commit()
            else:
                await session.rollback()  # the pair exists: nothing was written
        if new_id is not None:
            await runtime.publish(_event(EventKind.application, posting))
            return ApplicationCreated(
                id=new_id,
                resume_id=resume_id,
                posting_id=posting_id,
                status=ApplicationStatus.submitted,
                created=True,
            ), True
    existing = await session.scalar(
        select(Application).where(
            Application.resume_id == resume_id, Application.posting_id == posting_id
        )
    )
    if existing is None:
        raise Conflict(bilingual("api.posting_closed"))
    if existing.status is ApplicationStatus.withdrawn:
        existing.status = ApplicationStatus.submitted
    await session.commit()
    return ApplicationCreated(
        id=existing.id,
        resume_id=resume_id,
        posting_id=posting_id,
        status=existing.status,
        created=False,
    ), False


async def list_applications(*, session: AsyncSession, resume_id: int) -> list[ApplicationRead]:
    """The seeker's applications, newest first, with booth and intention flags."""
    rows = (
        await session.scalars(
            select(Application)
            .where(Application.resume_id == resume_id)
            .order_by(Application.id.desc())
        )
    ).all()
    postings = {
        p.id: p
        for p in (
            await session.scalars(
                select(Posting)
                .where(Posting.id.in_([a.posting_id for a in rows]))
                .options(selectinload(Posting.enterprise).selectinload(Enterprise.booths))
            )
        ).all()
    }
    intended = set(
        (
            await session.scalars(
                select(Intention.posting_id).where(Intention.resume_id == resume_id)
            )
        ).all()
    )
    items = []
    for app in rows:
        posting = postings[app.posting_id]
        booth = booth_number(posting)
        items.append(
            ApplicationRead(
                id=app.id,
                resume_id=app.resume_id,
                posting_id=app.posting_id,
                posting_title=posting.title,
                enterprise_name=posting.enterprise.name,
                booth=booth,
                status=app.status,
                stage=app.stage,
                intention=app.posting_id in intended,
                created_at=app.created_at,
            )
        )
    return items


async def withdraw(*, session: AsyncSession, resume_id: int, application_id: int) -> None:
    """Withdraw one of the seeker's applications (kept, marked withdrawn)."""
    app = await session.get(Application, application_id)
    if app is None or app.resume_id != resume_id:
        raise NotFound(bilingual("api.application_not_found"))
    app.status = ApplicationStatus.withdrawn
    await session.commit()


async def candidate_visible(*, session: AsyncSession, posting_id: int, resume_id: int) -> bool:
    """May the posting's enterprise see this résumé? Applicants and opted-in seekers only."""
    resume = await session.get(Resume, resume_id)
    if resume is None:
        return False
    applied = await session.scalar(
        select(Application.id).where(
            Application.posting_id == posting_id,
            Application.resume_id == resume_id,
            Application.status == ApplicationStatus.submitted,
        )
    )
    return applied is not None or resume.open_to_recommendations


async def is_own_candidate(*, session: AsyncSession, enterprise_id: int, resume_id: int) -> bool:
    """Did the seeker apply to one of the firm's postings, or accept one of its invitations?"""
    applied = select(Application.id).join(Posting, Posting.id == Application.posting_id)
    applied = applied.where(
        Posting.enterprise_id == enterprise_id,
        Application.resume_id == resume_id,
        Application.status == ApplicationStatus.submitted,
    )
    accepted = select(Invitation.id).where(
        Invitation.enterprise_id == enterprise_id,
        Invitation.resume_id == resume_id,
        Invitation.status == InvitationStatus.accepted,
    )
    found = await session.scalar(applied.limit(1)) or await session.scalar(accepted.limit(1))
    return found is not None


async def record_intention(
    *, runtime: Runtime, session: AsyncSession, enterprise_id: int, data: IntentionCreate
) -> tuple[Intention, bool]:
    """Record a preliminary intention for an owned posting; the same pair again is harmless.

    Only for the firm's own candidates (applicants, or seekers who accepted its invitation):
    intentions are the fair's headline figure, and a firm must not inflate it with strangers.
    """
    posting = await owned_posting(
        session=session, posting_id=data.posting_id, enterprise_id=enterprise_id
    )
    if not await candidate_visible(
        session=session, posting_id=data.posting_id, resume_id=data.resume_id
    ):
        raise ResumeNotFound()
    if not await is_own_candidate(
        session=session, enterprise_id=enterprise_id, resume_id=data.resume_id
    ):
        raise Forbidden(bilingual("api.intention_not_candidate"))
    existing = await session.scalar(
        select(Intention).where(
            Intention.posting_id == data.posting_id, Intention.resume_id == data.resume_id
        )
    )
    # The intention is the application's 初步意向 stage: recording one (again) moves it there.
    application = await session.scalar(
        select(Application).where(
            Application.posting_id == data.posting_id, Application.resume_id == data.resume_id
        )
    )
    if application is not None:
        application.stage = CandidateStage.intention
    if existing is not None:
        await session.commit()
        return existing, False
    intention = Intention(
        posting_id=data.posting_id,
        resume_id=data.resume_id,
        enterprise_id=enterprise_id,
        note=data.note,
    )
    session.add(intention)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise Conflict(bilingual("api.intention_exists")) from None
    await runtime.publish(_event(EventKind.intention, posting))
    return intention, True
