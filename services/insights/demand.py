"""The talent demand map: openings, seekers, flow and pay by chain × occupation × level × district.

What the figures mean (issue 21):
- Period: a fair belongs to [from, to] when it starts on one of those days, Beijing time; the
  optional fair ids narrow that set. Without ?from=, the period reaches two years back from the
  latest fair held by ?to= (today by default): a city holds a few fairs a year, so the map opens
  on the last two years of fairs even when the latest was months ago. Fairs are the unit:
  everything below is "at those fairs".
- Demand: every posting of those fairs, open or closed (a posting is demand at its fair), by its
  occupation code and unified ladder level (Posting.skill_level): postings = rows,
  openings = sum of headcount.
- Supply: the résumés sent to those fairs, by Resume.occupation_code × Resume.skill_level (a
  seeker who came to two fairs counts at each). Seekers have no chain and no district: every cell
  of an occupation × level shows that pair's supply, and totals count each pair once.
- Flow: applications (not withdrawn) and intentions on the cell's postings.
- Salary ("benefits"): monthly CNY at each posting's midpoint (salary_min + salary_max) / 2,
  weighted by headcount (every opening is one offer); p25, median and p75 by nearest rank.
- Chains: a posting belongs to its enterprise's chains (EnterpriseChain); a firm in two chains
  counts in both chains' cells, "-" collects firms in none. Totals count each posting once.
- Anonymous answers follow services/insights/privacy.py (the k-rule); organizers see all.

The database groups (GROUP BY); Python only sums the grouped rows and takes the quantiles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend import CHINA
from frontend.i18n import bilingual
from services.errors import AppError
from services.insights.demand_figures import (
    UNSET,
    Cell,
    ChainRef,
    DemandMap,
    FairPoint,
    FairRef,
    OccupationLevel,
    weighted_quartiles,
)
from services.insights.demand_query import DemandQuery, Period, parse_period
from services.insights.privacy import MIN_SEEKERS, public_seekers, shown_anonymously
from services.models import (
    Application,
    ApplicationStatus,
    Chain,
    Enterprise,
    EnterpriseChain,
    Fair,
    Intention,
    Posting,
    Resume,
)


class UnknownChain(AppError):
    status_code = 404
    detail = bilingual("insights.unknown_chain")


@dataclass(frozen=True, slots=True)
class Scope:
    """A query resolved against the database: the fairs in it and the chain's id."""

    fairs: tuple[FairRef, ...]
    chain_id: int | None
    district: str


@dataclass(slots=True)
class Tally:
    """Postings-side counts of one group, with its salary midpoints (doubled) → openings."""

    postings: int = 0
    openings: int = 0
    applications: int = 0
    intentions: int = 0
    salaries: Counter[int] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.postings += other.postings
        self.openings += other.openings
        self.applications += other.applications
        self.intentions += other.intentions
        self.salaries.update(other.salaries)


GroupKey = tuple[int, str, str, str, str]  # fair, chain slug ("" ungrouped), code, level, district
PairKey = tuple[str, str]  # occupation code, level
AnySelect = Select[Any]


def _level(value: object) -> str:
    return str(getattr(value, "value", value)) if value is not None else UNSET


async def chain_refs(*, session: AsyncSession) -> tuple[ChainRef, ...]:
    """Every chain, in catalogue order."""
    rows = await session.execute(
        select(Chain.id, Chain.slug, Chain.name_zh, Chain.name_en).order_by(
            Chain.position, Chain.id
        )
    )
    return tuple(ChainRef(*row) for row in rows)


async def asked_period(*, session: AsyncSession, start: str | None, end: str | None) -> Period:
    """The period of ?from=&to=; without from, two years back from the latest fair held by to."""
    period = parse_period(start, end)
    if start:
        return period
    _, until = period.bounds()
    latest = await session.scalar(select(func.max(Fair.starts_at)).where(Fair.starts_at < until))
    if latest is None:
        return period
    return parse_period(None, end, anchor=latest.astimezone(CHINA).date())


async def resolve_scope(
    *, session: AsyncSession, query: DemandQuery, chains: Sequence[ChainRef]
) -> Scope:
    """The fairs starting in the period (and among the ids asked for) and the chain's id."""
    start, end = query.period.bounds()
    stmt = select(Fair.id, Fair.name, Fair.starts_at).where(
        Fair.starts_at >= start, Fair.starts_at < end
    )
    if query.fair_ids:
        stmt = stmt.where(Fair.id.in_(query.fair_ids))
    fairs = tuple(FairRef(*row) for row in await session.execute(stmt.order_by(Fair.starts_at)))
    chain_id = None
    if query.chain:
        wanted = query.chain.strip()
        found = [c for c in chains if c.slug == wanted or str(c.id) == wanted]
        if not found:
            raise UnknownChain()
        chain_id = found[0].id
    return Scope(fairs=fairs, chain_id=chain_id, district=query.district.strip())


def _scoped(stmt: AnySelect, scope: Scope, *, by_chain: bool) -> AnySelect:
    stmt = stmt.join(Enterprise, Enterprise.id == Posting.enterprise_id).where(
        Posting.fair_id.in_([fair.id for fair in scope.fairs])
    )
    if scope.chain_id is not None:
        stmt = stmt.join(
            EnterpriseChain,
            and_(
                EnterpriseChain.enterprise_id == Posting.enterprise_id,
                EnterpriseChain.chain_id == scope.chain_id,
            ),
        )
    elif by_chain:
        stmt = stmt.outerjoin(
            EnterpriseChain, EnterpriseChain.enterprise_id == Posting.enterprise_id
        )
    if scope.district:
        stmt = stmt.where(Enterprise.district == scope.district)
    return stmt


async def _tallies(
    *,
    session: AsyncSession,
    scope: Scope,
    slugs: dict[int, str],
    by_fair: bool,
    by_chain: bool,
    pay: bool,
    flow: bool,
) -> dict[GroupKey, Tally]:
    """Grouped postings and openings of the scope, with their pay (`pay`) and their
    applications and intentions (`flow`); a key's fair is 0 and its chain "" when not grouped."""
    if not scope.fairs:
        return {}
    chained = by_chain or scope.chain_id is not None
    keys: list[Any] = [Posting.fair_id] if by_fair else []
    keys += [EnterpriseChain.chain_id] if chained else []
    keys += [Posting.occupation_code, Posting.skill_level, Enterprise.district]
    tallies: dict[GroupKey, Tally] = defaultdict(Tally)

    def key_of(row: Sequence[Any]) -> GroupKey:
        fair_id = int(row[0]) if by_fair else 0
        chain = ""
        if chained:
            chain_id = row[int(by_fair)]
            chain = slugs.get(int(chain_id), UNSET) if chain_id is not None else UNSET
        code, level, district = row[len(keys) - 3 : len(keys)]
        return (fair_id, chain, str(code or UNSET), _level(level), str(district or UNSET))

    # Core rows, not ORM ones: a city's year is a hundred thousand grouped rows.
    connection = await session.connection()
    salary = (Posting.salary_min + Posting.salary_max).label("salary")
    columns = [*keys, salary] if pay else keys
    offers = _scoped(
        select(*columns, func.count(Posting.id), func.sum(Posting.headcount)).select_from(Posting),
        scope,
        by_chain=by_chain,
    ).group_by(*columns)
    for found in await connection.execute(offers):
        row: tuple[Any, ...] = tuple(found)
        tally = tallies[key_of(row)]
        postings, openings = int(row[-2]), int(row[-1])
        tally.postings += postings
        tally.openings += openings
        if pay:
            tally.salaries[int(row[-3])] += openings
    if not flow:
        return dict(tallies)
    applications = _scoped(
        select(*keys, func.count(Application.id))
        .select_from(Posting)
        .join(Application, Application.posting_id == Posting.id)
        .where(Application.status == ApplicationStatus.submitted),
        scope,
        by_chain=by_chain,
    ).group_by(*keys)
    for row in await connection.execute(applications):
        tallies[key_of(row)].applications += int(row[-1])
    intentions = _scoped(
        select(*keys, func.count(Intention.id))
        .select_from(Posting)
        .join(Intention, Intention.posting_id == Posting.id),
        scope,
        by_chain=by_chain,
    ).group_by(*keys)
    for row in await connection.execute(intentions):
        tallies[key_of(row)].intentions += int(row[-1])
    return dict(tallies)


async def _supply(*, session: AsyncSession, scope: Scope) -> dict[PairKey, dict[int, int]]:
    """Résumés of the scope's fairs by occupation × level, per fair."""
    if not scope.fairs:
        return {}
    rows = await session.execute(
        select(Resume.fair_id, Resume.occupation_code, Resume.skill_level, func.count(Resume.id))
        .where(Resume.fair_id.in_([fair.id for fair in scope.fairs]))
        .group_by(Resume.fair_id, Resume.occupation_code, Resume.skill_level)
    )
    supply: dict[PairKey, dict[int, int]] = defaultdict(dict)
    for fair_id, code, level, n in rows:
        supply[(str(code or UNSET), _level(level))][int(fair_id or 0)] = int(n)
    return dict(supply)


def _fair_seekers(per_fair: dict[int, int], fair_id: int, *, anonymous: bool) -> int:
    n = per_fair.get(fair_id, 0)
    return 0 if anonymous and n < MIN_SEEKERS else n


def _summed(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


async def build_demand_map(
    *, session: AsyncSession, query: DemandQuery, anonymous: bool, with_cells: bool = True
) -> DemandMap:
    """The demand map of a query; anonymous answers hold only cells meeting the k-rule."""
    chains = await chain_refs(session=session)
    scope = await resolve_scope(session=session, query=query, chains=chains)
    slugs = {chain.id: chain.slug for chain in chains}
    supply = await _supply(session=session, scope=scope)

    def seekers(pair: PairKey) -> int:
        per_fair = supply.get(pair, {}).values()
        return public_seekers(per_fair) if anonymous else sum(per_fair)

    def shown(pair: PairKey) -> bool:
        return not anonymous or shown_anonymously(seekers(pair))

    flat = await _tallies(
        session=session,
        scope=scope,
        slugs=slugs,
        by_fair=True,
        by_chain=False,
        pay=False,
        flow=True,
    )
    offers = await _tallies(
        session=session,
        scope=scope,
        slugs=slugs,
        by_fair=False,
        by_chain=False,
        pay=True,
        flow=False,
    )
    pay_of: dict[PairKey, Counter[int]] = defaultdict(Counter)
    for (_, _, code, level, _), tally in offers.items():
        pay_of[(code, level)].update(tally.salaries)
    by_pair: dict[PairKey, list[Tally]] = defaultdict(list)
    by_fair: dict[int, list[Tally]] = defaultdict(list)
    by_district: dict[str, Tally] = defaultdict(Tally)
    for (fair_id, _, code, level, district), tally in flat.items():
        if shown((code, level)):
            by_pair[(code, level)].append(tally)
            by_fair[fair_id].append(tally)
            by_district[district].add(tally)
    if not scope.chain_id and not scope.district:  # seekers of occupations nobody posted
        for pair in supply:
            if pair not in by_pair and shown(pair) and seekers(pair):
                by_pair[pair] = []
    pairs = sorted(by_pair)
    occupations = []
    for pair in pairs:
        total = _summed(by_pair[pair])
        occupations.append(
            OccupationLevel(
                occupation_code=pair[0],
                level=pair[1],
                postings=total.postings,
                openings=total.openings,
                seekers=seekers(pair),
                applications=total.applications,
                intentions=total.intentions,
                salary=weighted_quartiles(pay_of[pair]),
            )
        )
    cells = _cells(
        await _tallies(
            session=session,
            scope=scope,
            slugs=slugs,
            by_fair=False,
            by_chain=True,
            pay=True,
            flow=True,
        )
        if with_cells
        else {},
        seekers=seekers,
        shown=shown,
    )
    if with_cells:
        covered = {(cell.occupation_code, cell.level) for cell in cells}
        cells += [
            Cell(UNSET, code, level, UNSET, 0, 0, seekers((code, level)), 0, 0, None)
            for code, level in pairs
            if (code, level) not in covered
        ]
    trend = []
    for fair in scope.fairs:
        total = _summed(by_fair.get(fair.id, []))
        trend.append(
            FairPoint(
                fair=fair,
                postings=total.postings,
                openings=total.openings,
                seekers=sum(
                    _fair_seekers(supply.get(pair, {}), fair.id, anonymous=anonymous)
                    for pair in pairs
                ),
                applications=total.applications,
                intentions=total.intentions,
            )
        )
    totals = {
        name: sum(getattr(line, name) for line in occupations)
        for name in ("postings", "openings", "seekers", "applications", "intentions")
    }
    return DemandMap(
        period=query.period,
        query=query,
        anonymous=anonymous,
        fairs=scope.fairs,
        chains=chains,
        cells=cells,
        trend=trend,
        occupations=occupations,
        districts={
            name: {
                "postings": tally.postings,
                "openings": tally.openings,
                "applications": tally.applications,
                "intentions": tally.intentions,
            }
            for name, tally in sorted(by_district.items())
        },
        totals=totals,
    )


def _cells(
    tallies: dict[GroupKey, Tally],
    *,
    seekers: Callable[[PairKey], int],
    shown: Callable[[PairKey], bool],
) -> list[Cell]:
    grouped: dict[tuple[str, str, str, str], Tally] = defaultdict(Tally)
    for (_, chain, code, level, district), tally in tallies.items():
        grouped[(chain, code, level, district)].add(tally)
    cells = []
    for (chain, code, level, district), tally in sorted(grouped.items()):
        if not shown((code, level)):
            continue
        cells.append(
            Cell(
                chain=chain,
                occupation_code=code,
                level=level,
                district=district,
                postings=tally.postings,
                openings=tally.openings,
                seekers=seekers((code, level)),
                applications=tally.applications,
                intentions=tally.intentions,
                salary=weighted_quartiles(tally.salaries),
            )
        )
    return cells
