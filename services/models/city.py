"""The city's records: industrial chains, firms' grades, schools, training providers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matcher.domain import SkillLevel
from services.db import Base, UTCDateTime, utcnow
from services.models._columns import _enum


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
