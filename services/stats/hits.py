"""Page views and QR scans: one row each (the record), one event each (live counters).

A hit counts once per visitor, page and booth per window (the rate-limit window, a minute by
default), and an address counts at most `rate_limit_hits_per_address` visitors per window, so
neither reloading nor minting cookies moves the fair's figures (issue 22, row 11). The windows
live in this process or, with Redis, are shared by every process.
"""

from __future__ import annotations

import hashlib
import time
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from services.config import Settings
from services.models import PageHit
from services.stats.events import EventKind, FairEvent
from services.web.ratelimit import MemoryWindows, RedisWindows, WindowStore

if TYPE_CHECKING:
    from services.runtime import Runtime


class Admission(StrEnum):
    counted = "counted"
    duplicate = "duplicate"  # this visitor's hit on this page was counted in this window
    over_limit = "over_limit"  # the address counted its share of visitors in this window


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class HitGate:
    """Decides whether a hit counts; never stores an address, only digests that expire."""

    def __init__(self, settings: Settings, store: WindowStore | None = None) -> None:
        self.settings = settings
        self.store = store or (
            RedisWindows(settings.redis_url) if settings.redis_url else MemoryWindows()
        )

    async def admit(
        self,
        *,
        fair_id: int,
        enterprise_id: int | None,
        page: str,
        visitor: str,
        returning: bool,
        address: str,
    ) -> Admission:
        """A visitor is its cookie when the browser brought one, else its address; a browser
        seen for the first time also marks the cookie it is being given, so its next hit in
        the window is the same visitor."""
        seconds = self.settings.rate_limit_window_seconds
        window = int(time.time() // seconds)
        where = f"hit:{fair_id}:{enterprise_id}:{page}"
        keys = [f"{where}:c{visitor}"] if returning else [f"{where}:a{_digest(address)}"]
        if not returning and visitor:
            keys.append(f"{where}:c{visitor}")
        seen = await self.store.hit(keys, window, seconds * 2)
        if seen is not None and seen[0] > 1:
            return Admission.duplicate
        limit = self.settings.rate_limit_hits_per_address
        if limit == 0 or not self.settings.rate_limit_enabled:
            return Admission.counted
        counted = await self.store.hit([f"hits:{_digest(address)}"], window, seconds * 2)
        if counted is not None and counted[0] > limit:
            return Admission.over_limit
        return Admission.counted

    async def close(self) -> None:
        await self.store.close()


async def record_page_hit(
    *,
    runtime: Runtime,
    session: AsyncSession,
    fair_id: int,
    page: str,
    address: str,
    source: str = "",
    enterprise_id: int | None = None,
    visitor: str = "",
    returning: bool = False,
) -> Admission:
    """Store a page view (page="scan" for a QR scan) and publish it after commit, when it counts."""
    admission = await runtime.hits.admit(
        fair_id=fair_id,
        enterprise_id=enterprise_id,
        page=page,
        visitor=visitor,
        returning=returning,
        address=address,
    )
    if admission is not Admission.counted:
        return admission
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
    return admission
