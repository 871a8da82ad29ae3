"""The job seeker's résumé: personal data, deleted completely on request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from matcher.domain import Education, SkillLevel
from services.db import Base, UTCDateTime, utcnow
from services.models._columns import _enum


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
    occupation_probs: Mapped[list[list[str | float]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    # Sharing with firms not applied to is a separate opt-in (PIPL art. 23): off unless asked.
    open_to_recommendations: Mapped[bool] = mapped_column(Boolean, default=False)
    # The seeker's school, and whether they agreed to share their fair outcomes with it.
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("schools.id", ondelete="SET NULL"), index=True
    )
    share_with_school: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(8), default="zh")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
