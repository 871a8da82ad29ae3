"""A fair day and who takes part in it: fairs, booths, and firms' requests to join."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services.db import Base, UTCDateTime, utcnow
from services.models._columns import _enum
from services.models.accounts import Enterprise


class Fair(Base):
    __tablename__ = "fairs"
    __table_args__ = (CheckConstraint("starts_at < ends_at", name="time_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


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
