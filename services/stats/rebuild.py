"""Counters recomputed from the database rows, and read lazily (rebuilt when found missing)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TypeVarTuple

from sqlalchemy import Row as SARow
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.models import Application, DownloadEvent, Intention, PageHit, Posting, Resume
from services.stats.counters import LiveEvents, Tally, fold
from services.stats.events import EventKind, EventSink, FairEvent

Row = TypeVarTuple("Row")


async def events_from_db(*, session: AsyncSession, fair_id: int) -> AsyncIterator[FairEvent]:
    """Every counted fact of a fair as the event it published (the rows are the record)."""
    hits = select(PageHit.page, PageHit.enterprise_id, PageHit.created_at).where(
        PageHit.fair_id == fair_id
    )
    for page, enterprise_id, at in await _rows(session, hits):
        kind = EventKind.scan if page == "scan" else EventKind.visit
        yield FairEvent(kind=kind, fair_id=fair_id, enterprise_id=enterprise_id, at=at)
    resumes = select(Resume.occupation_code, Resume.skill_level, Resume.created_at).where(
        Resume.fair_id == fair_id
    )
    for code, level, at in await _rows(session, resumes):
        yield FairEvent(
            kind=EventKind.resume,
            fair_id=fair_id,
            occupation_code=code,
            skill_level=level.value if level else None,
            at=at,
        )
    for kind, model in ((EventKind.application, Application), (EventKind.intention, Intention)):
        stmt = (
            select(Posting.enterprise_id, Posting.occupation_code, Posting.skill_level)
            .add_columns(model.created_at)
            .join(Posting, Posting.id == model.posting_id)
            .where(Posting.fair_id == fair_id)
        )
        for enterprise_id, code, level, at in await _rows(session, stmt):
            yield FairEvent(
                kind=kind,
                fair_id=fair_id,
                enterprise_id=enterprise_id,
                occupation_code=code,
                skill_level=level.value if level else None,
                at=at,
            )
    downloads = select(
        DownloadEvent.enterprise_id, DownloadEvent.resume_count, DownloadEvent.created_at
    ).where(DownloadEvent.fair_id == fair_id)
    for enterprise_id, count, at in await _rows(session, downloads):
        for kind, amount in ((EventKind.download, count), (EventKind.download_file, 1)):
            yield FairEvent(
                kind=kind, fair_id=fair_id, enterprise_id=enterprise_id, count=amount, at=at
            )


async def _rows(session: AsyncSession, stmt: Select[*Row]) -> Sequence[SARow[*Row]]:
    return (await session.execute(stmt)).all()


async def tally_from_db(*, session: AsyncSession, fair_id: int) -> Tally:
    """The counters a fair should have, computed from its rows."""
    events = [event async for event in events_from_db(session=session, fair_id=fair_id)]
    return fold(fair_id, events)


def live_events(sink: EventSink) -> LiveEvents:
    """The runtime's counting sink (a plain Broadcaster cannot count)."""
    if not isinstance(sink, LiveEvents):
        raise TypeError(f"the event sink {type(sink).__name__} keeps no counters")
    return sink


async def rebuild(*, live: LiveEvents, session: AsyncSession, fair_id: int) -> Tally:
    """Recompute a fair's counters from the database and store them; the stored tally."""
    async with live.rebuild_locks[fair_id]:
        return await _rebuild(live, session, fair_id)


async def _rebuild(live: LiveEvents, session: AsyncSession, fair_id: int) -> Tally:
    tally = await tally_from_db(session=session, fair_id=fair_id)
    tally.seq = await live.replace(fair_id, tally)
    return tally


async def current_tally(*, live: LiveEvents, session: AsyncSession, fair_id: int) -> Tally:
    """The fair's live counters, rebuilt from the database first when they are missing."""
    tally = await live.store.read(fair_id)
    if tally is not None:
        return tally
    async with live.rebuild_locks[fair_id]:
        tally = await live.store.read(fair_id)  # another request may have rebuilt meanwhile
        return tally if tally is not None else await _rebuild(live, session, fair_id)
