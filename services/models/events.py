"""What happened, kept for counting and audits: résumé downloads and page hits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services.db import Base, UTCDateTime, utcnow


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
