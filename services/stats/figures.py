"""Fair statistics computed from the database (the counters' source of truth)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.fairs.service import get_fair
from services.models import (
    Application,
    Booth,
    DownloadEvent,
    Enterprise,
    Intention,
    PageHit,
    Posting,
    PostingStatus,
    Resume,
)
from services.stats.schemas import FairStats


async def fair_stats(*, session: AsyncSession, fair_id: int) -> FairStats:
    """Headline counts for one fair."""
    await get_fair(session=session, fair_id=fair_id)
    posting_ids = select(Posting.id).where(Posting.fair_id == fair_id)

    async def count(stmt: object) -> int:
        return int(await session.scalar(stmt) or 0)  # type: ignore[call-overload]

    return FairStats(
        fair_id=fair_id,
        visits=await count(
            select(func.count(PageHit.id)).where(PageHit.fair_id == fair_id, PageHit.page != "scan")
        ),
        scans=await count(
            select(func.count(PageHit.id)).where(PageHit.fair_id == fair_id, PageHit.page == "scan")
        ),
        resumes=await count(select(func.count(Resume.id)).where(Resume.fair_id == fair_id)),
        applications=await count(
            select(func.count(Application.id)).where(Application.posting_id.in_(posting_ids))
        ),
        downloads=await count(
            select(func.coalesce(func.sum(DownloadEvent.resume_count), 0)).where(
                DownloadEvent.fair_id == fair_id
            )
        ),
        intentions=await count(
            select(func.count(Intention.id)).where(Intention.posting_id.in_(posting_ids))
        ),
        enterprises=await count(select(func.count(Booth.id)).where(Booth.fair_id == fair_id)),
        postings=await count(select(func.count(Posting.id)).where(Posting.fair_id == fair_id)),
        openings=await count(
            select(func.coalesce(func.sum(Posting.headcount), 0)).where(Posting.fair_id == fair_id)
        ),
    )


UNCLASSIFIED = "-"


@dataclass(frozen=True, slots=True)
class BoothRow:
    """An enterprise's booth at a fair with the size of its offer."""

    enterprise_id: int
    number: str
    name: str
    industry: str
    postings: int
    openings: int


async def fair_booths(*, session: AsyncSession, fair_id: int) -> list[BoothRow]:
    """The fair's booths in booth-number order, with postings and openings per enterprise."""
    offer = (
        select(
            Posting.enterprise_id,
            func.count(Posting.id).label("postings"),
            func.coalesce(func.sum(Posting.headcount), 0).label("openings"),
        )
        .where(Posting.fair_id == fair_id)
        .group_by(Posting.enterprise_id)
        .subquery()
    )
    rows = await session.execute(
        select(
            Booth.enterprise_id,
            Booth.number,
            Enterprise.name,
            Enterprise.industry,
            offer.c.postings,
            offer.c.openings,
        )
        .join(Enterprise, Enterprise.id == Booth.enterprise_id)
        .outerjoin(offer, offer.c.enterprise_id == Booth.enterprise_id)
        .where(Booth.fair_id == fair_id)
        .order_by(Booth.number)
    )
    return [
        BoothRow(eid, number, name, industry, int(postings or 0), int(openings or 0))
        for eid, number, name, industry, postings, openings in rows
    ]


def occupation_group(code: str | None) -> str:
    """The CSCO medium group (中类) of an occupation code: "6-18-01-01" -> "6-18-00-00"."""
    if not code or code.count("-") != 3:
        return UNCLASSIFIED
    major, medium, _, _ = code.split("-")
    return f"{major}-{medium}-00-00"


@dataclass
class DemandSupply:
    """Openings (demand) and résumés (supply) of one fair by occupation and skill level."""

    demand: dict[tuple[str, str], int] = field(default_factory=dict)
    supply: dict[tuple[str, str], int] = field(default_factory=dict)
    postings: dict[str, int] = field(default_factory=dict)

    def by_group(self) -> DemandSupply:
        """The same counts rolled up from occupations to their medium groups."""
        grouped = DemandSupply()
        for source, target in ((self.demand, grouped.demand), (self.supply, grouped.supply)):
            for (code, level), n in source.items():
                key = (occupation_group(code), level)
                target[key] = target.get(key, 0) + n
        for code, n in self.postings.items():
            group = occupation_group(code)
            grouped.postings[group] = grouped.postings.get(group, 0) + n
        return grouped

    def codes(self) -> list[str]:
        """Occupations (or groups) present, the largest demand first."""
        weight: dict[str, int] = {}
        for (code, _), n in self.demand.items():
            weight[code] = weight.get(code, 0) + n
        for code, _ in self.supply:
            weight.setdefault(code, 0)
        return sorted(weight, key=lambda code: (-weight[code], code))

    def total(self, side: str, *, code: str | None = None, level: str | None = None) -> int:
        """The demand or supply summed over one occupation or one level (or all)."""
        cells = self.demand if side == "demand" else self.supply
        return sum(
            n
            for (c, lv), n in cells.items()
            if (code is None or c == code) and (level is None or lv == level)
        )


async def demand_supply(*, session: AsyncSession, fair_id: int) -> DemandSupply:
    """Openings of open postings versus the fair's résumés, by occupation code and skill level."""
    result = DemandSupply()
    demand = await session.execute(
        select(
            Posting.occupation_code,
            Posting.skill_level,
            func.count(Posting.id),
            func.coalesce(func.sum(Posting.headcount), 0),
        )
        .where(Posting.fair_id == fair_id, Posting.status == PostingStatus.open)
        .group_by(Posting.occupation_code, Posting.skill_level)
    )
    for code, level, postings, openings in demand:
        key = (code or UNCLASSIFIED, level.value if level else UNCLASSIFIED)
        result.demand[key] = int(openings)
        result.postings[key[0]] = result.postings.get(key[0], 0) + int(postings)
    supply = await session.execute(
        select(Resume.occupation_code, Resume.skill_level, func.count(Resume.id))
        .where(Resume.fair_id == fair_id)
        .group_by(Resume.occupation_code, Resume.skill_level)
    )
    for code, level, n in supply:
        result.supply[(code or UNCLASSIFIED, level.value if level else UNCLASSIFIED)] = int(n)
    return result
