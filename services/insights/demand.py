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

The database groups and takes the pay quartiles (services/insights/demand_rows.py); Python only
applies the k-rule to the grouped rows and sums them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend import CHINA
from frontend.i18n import bilingual
from services.errors import AppError
from services.insights.demand_figures import (
    UNSET,
    Cell,
    CellDetail,
    ChainRef,
    DemandMap,
    FairPoint,
    FairRef,
    OccupationLevel,
)
from services.insights.demand_query import DemandQuery, Period, parse_period
from services.insights.demand_rows import CellKey, DemandSource, PairKey, Scope, Tally
from services.insights.privacy import public_seekers, shown_anonymously
from services.models import Chain, Fair


class UnknownChain(AppError):
    status_code = 404
    detail = bilingual("insights.unknown_chain")


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


def _fair_seekers(per_fair: dict[int, int], fair_id: int, *, anonymous: bool) -> int:
    n = per_fair.get(fair_id, 0)
    return public_seekers((n,)) if anonymous else n


def _summed(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


async def build_demand_map(
    *,
    session: AsyncSession,
    query: DemandQuery,
    anonymous: bool,
    cells: CellDetail = "full",
    source: DemandSource | None = None,
) -> DemandMap:
    """The demand map of a query; anonymous answers hold only cells meeting the k-rule.
    A `source` shared with other maps of the request reads each grouped row set once."""
    source = source or DemandSource(session)
    chains = await chain_refs(session=session)
    scope = await resolve_scope(session=session, query=query, chains=chains)
    supply = await source.supply(scope.fair_ids)

    def seekers(pair: PairKey) -> int:
        per_fair = supply.get(pair, {}).values()
        return public_seekers(per_fair) if anonymous else sum(per_fair)

    def shown(pair: PairKey) -> bool:
        return not anonymous or shown_anonymously(seekers(pair))

    pay_of = await source.pay(scope)
    by_pair: dict[PairKey, list[Tally]] = defaultdict(list)
    by_fair: dict[int, list[Tally]] = defaultdict(list)
    by_district: dict[str, Tally] = defaultdict(Tally)
    for (fair_id, code, level, district), tally in (await source.by_fair(scope)).items():
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
                salary=pay_of.get(pair),
            )
        )
    shown_cells: list[Cell] = []
    if cells != "none":
        slugs = {chain.id: chain.slug for chain in chains}
        shown_cells = _cells(
            await source.cells(scope, detail=cells), slugs=slugs, seekers=seekers, shown=shown
        )
        covered = {(cell.occupation_code, cell.level) for cell in shown_cells}
        nowhere = UNSET if cells == "full" else None
        shown_cells += [
            Cell(UNSET, code, level, nowhere, 0, 0, seekers((code, level)), 0, 0, None)
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
        cells=shown_cells,
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
    tallies: dict[CellKey, Tally],
    *,
    slugs: dict[int, str],
    seekers: Callable[[PairKey], int],
    shown: Callable[[PairKey], bool],
) -> list[Cell]:
    named = sorted(
        (
            ((UNSET if chain is None else slugs.get(chain, UNSET), code, level, district), tally)
            for (chain, code, level, district), tally in tallies.items()
            if shown((code, level))
        ),
        key=lambda item: (*item[0][:3], item[0][3] or ""),
    )
    return [
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
            salary=tally.salary,
        )
        for (chain, code, level, district), tally in named
    ]
