"""Page views and QR scans: one row each (the record), one event each (live counters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from services.models import PageHit
from services.stats.events import EventKind, FairEvent

if TYPE_CHECKING:
    from services.runtime import Runtime


async def record_page_hit(
    *,
    runtime: Runtime,
    session: AsyncSession,
    fair_id: int,
    page: str,
    source: str = "",
    enterprise_id: int | None = None,
    visitor: str = "",
) -> None:
    """Store a page view (page="scan" for a QR scan) and publish it after commit."""
    session.add(
        PageHit(
            fair_id=fair_id, enterprise_id=enterprise_id, page=page, source=source, visitor=visitor
        )
    )
    await session.commit()
    kind = EventKind.scan if page == "scan" else EventKind.visit
    await runtime.publish(
        FairEvent(kind=kind, fair_id=fair_id, enterprise_id=enterprise_id, source=source)
    )
