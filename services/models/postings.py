"""The jobs an enterprise posts at a fair."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.domain import Education, SkillLevel
from services.db import Base, UTCDateTime, utcnow
from services.models._columns import _enum
from services.models.accounts import Enterprise


class PostingStatus(StrEnum):
    open = "open"
    closed = "closed"


class OccupationSource(StrEnum):
    """Who chose a posting's occupation code: the firm (kept across retrains) or the model."""

    firm = "firm"
    model = "model"


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
    occupation_probs: Mapped[list[list[str | float]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    occupation_code_source: Mapped[OccupationSource] = mapped_column(
        _enum(OccupationSource, "occupation_source"),
        default=OccupationSource.model,
        server_default=text("'model'"),
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
    firm_grade: Mapped[str] = mapped_column(String(50), default="", server_default=text("''"))
    status: Mapped[PostingStatus] = mapped_column(
        _enum(PostingStatus, "posting_status"), default=PostingStatus.open
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Enterprise] = relationship()
