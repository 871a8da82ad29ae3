"""The grouped rows a demand map is built from, each read once per request by one SQL query.

The database does the work: postings are grouped with their applications and intentions joined
as per-posting counts, and the pay quartiles are window sums over the grouped midpoints, so
Python receives one row per group, never one per posting or per salary. A DemandSource keeps
what it read, so a page drawing both the demand map and the shortage catalogue (or the map of
the organizer and the anonymous one) reads each aggregate once.

Pay: nearest-rank quartiles of each posting's midpoint (salary_min + salary_max) / 2 weighted
by headcount (every opening is one offer): the q-quartile is the smallest midpoint whose running
sum of openings reaches q × all openings of the group.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Executable, Select, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.insights.demand_figures import UNSET, CellDetail, FairRef, Quartiles
from services.models import (
    Application,
    ApplicationStatus,
    Enterprise,
    EnterpriseChain,
    Intention,
    Posting,
    Resume,
)

PairKey = tuple[str, str]  # occupation code, level
FlatKey = tuple[int, str, str, str]  # fair, code, level, district
# chain id (None: in no chain), code, level, district (None: not split by district)
CellKey = tuple[int | None, str, str, str | None]
QUARTILES = (0.25, 0.5, 0.75)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Scope:
    """A query resolved against the database: the fairs in it and the chain's id."""

    fairs: tuple[FairRef, ...]
    chain_id: int | None
    district: str

    @property
    def fair_ids(self) -> tuple[int, ...]:
        return tuple(fair.id for fair in self.fairs)


@dataclass(slots=True)
class Tally:
    """Postings-side counts of one group, and its pay once the group is final."""

    postings: int = 0
    openings: int = 0
    applications: int = 0
    intentions: int = 0
    salary: Quartiles | None = None

    def add(self, other: Tally) -> None:
        self.postings += other.postings
        self.openings += other.openings
        self.applications += other.applications
        self.intentions += other.intentions


def level_key(value: object) -> str:
    """A ladder level as the map names it ("-" when unset)."""
    return str(getattr(value, "value", value)) if value is not None else UNSET


def _scoped_postings(scope: Scope, *, by_chain: bool, flow: bool) -> Any:
    """One row per posting of the scope (per posting and chain with `by_chain`): its keys,
    headcount, doubled midpoint and (with `flow`, else 0) submitted applications and
    intentions."""
    chained = by_chain or scope.chain_id is not None
    columns = [
        Posting.fair_id.label("fair"),
        (EnterpriseChain.chain_id if chained else literal(None)).label("chain"),
        Posting.occupation_code.label("code"),
        Posting.skill_level.label("level"),
        Enterprise.district.label("district"),
        Posting.headcount.label("openings"),
        (Posting.salary_min + Posting.salary_max).label("salary"),
    ]
    if not flow:
        stmt = select(*columns, literal(0).label("applications"), literal(0).label("intentions"))
    else:
        applications = (
            select(Application.posting_id, func.count().label("n"))
            .where(Application.status == ApplicationStatus.submitted)
            .group_by(Application.posting_id)
            .subquery()
        )
        intentions = (
            select(Intention.posting_id, func.count().label("n"))
            .group_by(Intention.posting_id)
            .subquery()
        )
        stmt = (
            select(
                *columns,
                func.coalesce(applications.c.n, 0).label("applications"),
                func.coalesce(intentions.c.n, 0).label("intentions"),
            )
            .outerjoin_from(Posting, applications, applications.c.posting_id == Posting.id)
            .outerjoin(intentions, intentions.c.posting_id == Posting.id)
        )
    stmt = stmt.join_from(Posting, Enterprise, Enterprise.id == Posting.enterprise_id).where(
        Posting.fair_id.in_(scope.fair_ids)
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
    return stmt.subquery("scoped")


def _counts(rows: Any) -> list[ColumnElement[Any]]:
    return [
        func.count().label("postings"),
        func.sum(rows.c.openings).label("openings"),
        func.sum(rows.c.applications).label("applications"),
        func.sum(rows.c.intentions).label("intentions"),
    ]


def _with_quartiles(rows: Any, keys: list[str]) -> Select[Any]:
    """Counts and pay quartiles of `rows` grouped by `keys`, all computed by the database.

    The running sum goes row by row in salary order; rows of equal salary may add up in any
    order without changing the smallest salary whose running sum reaches q × all."""
    group = [rows.c[key] for key in keys]
    running = select(
        rows,
        func.sum(rows.c.openings)
        .over(partition_by=group, order_by=rows.c.salary, rows=(None, 0))
        .label("seen"),
        func.sum(rows.c.openings).over(partition_by=group).label("total"),
    ).subquery("running")
    return select(
        *(running.c[key] for key in keys),
        *_counts(running),
        *(
            func.min(case((running.c.seen >= q * running.c.total, running.c.salary)))
            for q in QUARTILES
        ),
    ).group_by(*(running.c[key] for key in keys))


def _tally(row: tuple[Any, ...], *, pay: bool) -> Tally:
    postings, openings, applications, intentions = (
        int(n or 0) for n in (row[-7:-3] if pay else row[-4:])
    )
    tally = Tally(postings, openings, applications, intentions)
    if pay and row[-3] is not None:
        tally.salary = Quartiles(*(float(doubled) / 2 for doubled in row[-3:]))
    return tally


@dataclass(slots=True)
class DemandSource:
    """The grouped rows of one request's scopes, each read from the database once."""

    session: AsyncSession
    _read: dict[tuple[str, Hashable], Any] = field(default_factory=dict)

    async def _once(self, key: tuple[str, Hashable], read: Callable[[], Awaitable[T]]) -> T:
        if key not in self._read:
            self._read[key] = await read()
        found: T = self._read[key]
        return found

    async def _rows(self, stmt: Executable) -> list[tuple[Any, ...]]:
        # Core rows, not ORM ones: a city's year is tens of thousands of groups.
        connection = await self.session.connection()
        return [tuple(row) for row in await connection.execute(stmt)]

    async def supply(self, fair_ids: tuple[int, ...]) -> dict[PairKey, dict[int, int]]:
        """Résumés of those fairs by occupation × level, per fair."""

        async def read() -> dict[PairKey, dict[int, int]]:
            supply: dict[PairKey, dict[int, int]] = {}
            if not fair_ids:
                return supply
            stmt = (
                select(Resume.fair_id, Resume.occupation_code, Resume.skill_level, func.count())
                .where(Resume.fair_id.in_(fair_ids))
                .group_by(Resume.fair_id, Resume.occupation_code, Resume.skill_level)
            )
            for fair_id, code, level, n in await self._rows(stmt):
                pair = (str(code or UNSET), level_key(level))
                supply.setdefault(pair, {})[int(fair_id or 0)] = int(n)
            return supply

        return await self._once(("supply", fair_ids), read)

    async def by_fair(self, scope: Scope) -> dict[FlatKey, Tally]:
        """Postings, openings and flow by fair × occupation × level × district (no pay)."""

        async def read() -> dict[FlatKey, Tally]:
            if not scope.fairs:
                return {}
            rows = _scoped_postings(scope, by_chain=False, flow=True)
            keys = [rows.c.fair, rows.c.code, rows.c.level, rows.c.district]
            return {
                (int(fair), str(code or UNSET), level_key(level), str(district or UNSET)): _tally(
                    row, pay=False
                )
                for row in await self._rows(select(*keys, *_counts(rows)).group_by(*keys))
                for fair, code, level, district in [row[:4]]
            }

        return await self._once(("by_fair", scope), read)

    async def pay(self, scope: Scope) -> dict[PairKey, Quartiles | None]:
        """Pay quartiles by occupation × level over the whole scope."""

        async def read() -> dict[PairKey, Quartiles | None]:
            if not scope.fairs:
                return {}
            rows = _scoped_postings(scope, by_chain=False, flow=False)
            return {
                (str(row[0] or UNSET), level_key(row[1])): _tally(row, pay=True).salary
                for row in await self._rows(_with_quartiles(rows, ["code", "level"]))
            }

        return await self._once(("pay", scope), read)

    async def cells(self, scope: Scope, *, detail: CellDetail) -> dict[CellKey, Tally]:
        """Counts by chain id (None: the firm is in no chain) × occupation × level, and with
        detail "full" × district with pay (district None otherwise); a firm in two chains
        counts in both."""

        async def read() -> dict[CellKey, Tally]:
            if not scope.fairs or detail == "none":
                return {}
            rows = _scoped_postings(scope, by_chain=True, flow=True)
            full = detail == "full"
            if full:
                stmt = _with_quartiles(rows, ["chain", "code", "level", "district"])
            else:
                keys = [rows.c.chain, rows.c.code, rows.c.level]
                stmt = select(*keys, literal(None), *_counts(rows)).group_by(*keys)
            return {
                (
                    None if chain is None else int(chain),
                    str(code or UNSET),
                    level_key(level),
                    str(district or UNSET) if full else None,
                ): _tally(row, pay=full)
                for row in await self._rows(stmt)
                for chain, code, level, district in [row[:4]]
            }

        return await self._once(("cells", (scope, detail)), read)
