"""The system of record: SQLAlchemy 2 typed ORM models."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.domain import Education, SkillLevel
from services.db import Base, UTCDateTime, utcnow


def _enum(cls: type[StrEnum], name: str) -> SAEnum:
    return SAEnum(
        cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e]
    )


class PostingStatus(StrEnum):
    open = "open"
    closed = "closed"


class OccupationSource(StrEnum):
    """Who chose a posting's occupation code: the firm (kept across retrains) or the model."""

    firm = "firm"
    model = "model"


class ApplicationStatus(StrEnum):
    submitted = "submitted"
    withdrawn = "withdrawn"


class CandidateStage(StrEnum):
    """The enterprise's pipeline stage for an application."""

    new = "new"
    contacted = "contacted"
    interview = "interview"
    intention = "intention"
    rejected = "rejected"


class Organizer(Base):
    __tablename__ = "organizers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Fair(Base):
    __tablename__ = "fairs"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="time_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    booths: Mapped[list[Booth]] = relationship(back_populates="enterprise")


class OrganizerSession(Base):
    """A dashboard sign-in: the cookie holds a random token, this row its hash; logout deletes it.

    organizer_id 0 is the bootstrap token's organizer, which has no row (so no foreign key).
    """

    __tablename__ = "organizer_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EnterpriseSession(Base):
    """A login session of an enterprise user (web cookie or API token), expiring."""

    __tablename__ = "enterprise_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PhoneCode(Base):
    """A one-time code sent to a mobile number to find a résumé again; rows older than a day
    are deleted (they only count towards the per-number and per-address limits)."""

    __tablename__ = "phone_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_digest: Mapped[str] = mapped_column(String(64), index=True)
    address_digest: Mapped[str] = mapped_column(String(64), index=True)
    code_digest: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Booth(Base):
    """An enterprise's place at a fair."""

    __tablename__ = "booths"
    __table_args__ = (
        UniqueConstraint("fair_id", "enterprise_id"),
        UniqueConstraint("fair_id", "number", name="uq_booths_fair_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(20))

    enterprise: Mapped[Enterprise] = relationship(back_populates="booths")


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (
        CheckConstraint("salary_min <= salary_max", name="salary_order"),
        CheckConstraint("headcount >= 1", name="headcount_positive"),
        Index("ix_postings_fair_status", "fair_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    occupation_code: Mapped[str | None] = mapped_column(String(16), index=True)
    # The [code, probability] distribution ranking reads for the posting (its title's top codes,
    # or a code set by hand as certain), stored when the title or code is written; [] for rows
    # from before migration 0010, which ranking classifies live.
    occupation_probs: Mapped[list[list[str | float]]] = mapped_column(JSON, default=list)
    occupation_code_source: Mapped[OccupationSource] = mapped_column(
        _enum(OccupationSource, "occupation_source"), default=OccupationSource.model
    )
    skill_level: Mapped[SkillLevel | None] = mapped_column(_enum(SkillLevel, "skill_level"))
    education: Mapped[Education | None] = mapped_column(_enum(Education, "education"))
    min_years: Mapped[int] = mapped_column(Integer, default=0)
    certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    salary_min: Mapped[int] = mapped_column(Integer)
    salary_max: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(100), default="")
    # The firm's own grade name ("技术员A级"); skill_level holds its national ladder level.
    firm_grade: Mapped[str] = mapped_column(String(50), default="")
    status: Mapped[PostingStatus] = mapped_column(
        _enum(PostingStatus, "posting_status"), default=PostingStatus.open
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Enterprise] = relationship()


class Resume(Base):
    """A job seeker's résumé: personal data, deleted completely on request."""

    __tablename__ = "resumes"
    __table_args__ = (
        Index("ix_resumes_fair_occupation", "fair_id", "occupation_code", "skill_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str] = mapped_column(String(20), index=True)  # "find my résumé"
    gender: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    education: Mapped[Education] = mapped_column(_enum(Education, "education"))
    school: Mapped[str] = mapped_column(String(100), default="")
    major: Mapped[str] = mapped_column(String(100), default="")
    skill_level: Mapped[SkillLevel | None] = mapped_column(_enum(SkillLevel, "skill_level"))
    certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    years_experience: Mapped[float] = mapped_column(Float, default=0.0)
    experience: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[str] = mapped_column(Text, default="")
    desired_title: Mapped[str] = mapped_column(String(100), default="")
    desired_location: Mapped[str] = mapped_column(String(100), default="")
    expected_salary: Mapped[int | None] = mapped_column(Integer)
    occupation_code: Mapped[str | None] = mapped_column(String(16), index=True)
    # The occupation model's top-5 [code, probability] for the desired title; ranking uses the
    # whole distribution, so a title the model is unsure about is not forced onto one code.
    occupation_probs: Mapped[list[list[str | float]]] = mapped_column(JSON, default=list)
    open_to_recommendations: Mapped[bool] = mapped_column(Boolean, default=True)
    # The seeker's school, and whether they agreed to share their fair outcomes with it.
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("schools.id", ondelete="SET NULL"), index=True
    )
    share_with_school: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="zh")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("resume_id", "posting_id"),
        Index("ix_applications_posting_status", "posting_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    status: Mapped[ApplicationStatus] = mapped_column(
        _enum(ApplicationStatus, "application_status"), default=ApplicationStatus.submitted
    )
    stage: Mapped[CandidateStage] = mapped_column(
        _enum(CandidateStage, "candidate_stage"), default=CandidateStage.new
    )
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Intention(Base):
    """A preliminary employment intention (初步就业意向) recorded by an enterprise."""

    __tablename__ = "intentions"
    __table_args__ = (UniqueConstraint("posting_id", "resume_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), index=True
    )
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InvitationStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"


class Invitation(Base):
    """An enterprise inviting an opted-in seeker to apply; accepting it applies."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("posting_id", "resume_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), index=True
    )
    resume_id: Mapped[int] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    status: Mapped[InvitationStatus] = mapped_column(
        _enum(InvitationStatus, "invitation_status"), default=InvitationStatus.pending
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DownloadEvent(Base):
    """Who downloaded which résumé(s) when; kept for the dashboard and for audits."""

    __tablename__ = "download_events"
    __table_args__ = (
        Index("ix_download_events_enterprise_created", "enterprise_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"))
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="SET NULL"))
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id", ondelete="SET NULL"))
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="SET NULL"))
    format: Mapped[str] = mapped_column(String(10))
    resume_count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PageHit(Base):
    """One page view or QR scan; the counters are derived from these rows."""

    __tablename__ = "page_hits"
    __table_args__ = (Index("ix_page_hits_fair_created", "fair_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL")
    )
    page: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(32), default="")
    visitor: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class JoinStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class JoinRequest(Base):
    """A firm asking to take part in a fair (企业报名); approval creates its account and booth."""

    __tablename__ = "join_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18))
    industry: Mapped[str] = mapped_column(String(100), default="")
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_phone: Mapped[str] = mapped_column(String(20))
    status: Mapped[JoinStatus] = mapped_column(
        _enum(JoinStatus, "join_status"), default=JoinStatus.pending
    )
    enterprise_id: Mapped[int | None] = mapped_column(
        ForeignKey("enterprises.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Chain(Base):
    """An industrial chain (产业链) of the city: the industries and occupations it covers."""

    __tablename__ = "chains"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    industries: Mapped[list[str]] = mapped_column(JSON, default=list)
    # CSCO codes or code prefixes ("6-22", "6-18-01-01") of the occupations the chain hires.
    occupation_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EnterpriseChain(Base):
    """An enterprise belonging to an industrial chain (one firm may belong to several)."""

    __tablename__ = "enterprise_chains"

    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), primary_key=True
    )
    chain_id: Mapped[int] = mapped_column(
        ForeignKey("chains.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class GradeSource(StrEnum):
    """Who set a firm grade's ladder level: the parser's guess, the firm or the organizer."""

    guess = "guess"
    firm = "firm"
    organizer = "organizer"


class GradeMapping(Base):
    """A firm's own grade name ("高级技工", "T3") mapped to the national eight-level ladder."""

    __tablename__ = "grade_mappings"
    __table_args__ = (UniqueConstraint("enterprise_id", "grade_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id", ondelete="CASCADE"), index=True
    )
    grade_name: Mapped[str] = mapped_column(String(50))
    skill_level: Mapped[SkillLevel | None] = mapped_column(_enum(SkillLevel, "skill_level"))
    source: Mapped[GradeSource] = mapped_column(
        _enum(GradeSource, "grade_source"), default=GradeSource.guess
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class School(Base):
    """A vocational school account (created by an organizer) that sees its consenting students."""

    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    majors: Mapped[list[str]] = mapped_column(JSON, default=list)
    # CSCO codes its majors train for (the gap report compares postings of these occupations).
    occupation_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TrainingProvider(Base):
    """A training provider the organizer lists: its courses and the certificates they lead to."""

    __tablename__ = "training_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    courses: Mapped[list[str]] = mapped_column(JSON, default=list)
    certificates: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
