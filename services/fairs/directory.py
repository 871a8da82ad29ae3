"""The fair's booths as a seeker walks them: by hall zone (the booth number's letters), each
firm with its booth, industry, district and open postings; the hall map is drawn from the same."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.models import Booth, Enterprise, Posting, PostingStatus

HALL_ZONES = tuple("ABCDEFGH")
OTHER_ZONE = "#"
_NUMBER = re.compile(r"^\s*([A-Za-z]+)[\s-]*0*(\d+)")


@dataclass(frozen=True, slots=True)
class BoothEntry:
    """One firm at its booth."""

    number: str
    enterprise_id: int
    name: str
    industry: str
    district: str
    openings: int  # open postings
    position: int  # the booth's place in its zone (its digits), 0 when it has none


@dataclass(slots=True)
class Zone:
    """A hall zone and its booths in walking order."""

    name: str
    booths: list[BoothEntry] = field(default_factory=list)


def zone_and_position(number: str) -> tuple[str, int]:
    """("A", 12) for "A12" or "a-012"; (OTHER_ZONE, 0) for numbers without zone letters."""
    found = _NUMBER.match(number)
    if found is None:
        return OTHER_ZONE, 0
    return found.group(1).upper(), int(found.group(2))


async def booth_zones(*, session: AsyncSession, fair_id: int) -> list[Zone]:
    """Every booth of the fair grouped by zone: A–H always (for the map), others as found."""
    openings = (
        select(Posting.enterprise_id, func.count(Posting.id).label("n"))
        .where(Posting.fair_id == fair_id, Posting.status == PostingStatus.open)
        .group_by(Posting.enterprise_id)
        .subquery()
    )
    rows = (
        await session.execute(
            select(
                Booth.number,
                Enterprise.id,
                Enterprise.name,
                Enterprise.industry,
                Enterprise.district,
                func.coalesce(openings.c.n, 0),
            )
            .join(Enterprise, Enterprise.id == Booth.enterprise_id)
            .outerjoin(openings, openings.c.enterprise_id == Enterprise.id)
            .where(Booth.fair_id == fair_id)
        )
    ).all()
    zones = {name: Zone(name) for name in HALL_ZONES}
    for number, enterprise_id, name, industry, district, count in rows:
        zone_name, position = zone_and_position(number)
        zones.setdefault(zone_name, Zone(zone_name)).booths.append(
            BoothEntry(number, enterprise_id, name, industry, district, int(count), position)
        )
    for zone in zones.values():
        zone.booths.sort(key=lambda booth: (booth.position, booth.number))
    return sorted(zones.values(), key=lambda z: (z.name == OTHER_ZONE, len(z.name), z.name))
