"""Job postings: create, update, read and list (full text through the search layer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from frontend.i18n import bilingual
from matcher.csco import occupations_by_code
from matcher.domain import SkillLevel
from matcher.query_expansion import expand_query
from search.types import MAX_RESULT_WINDOW, IndexName, SearchFilters
from services.errors import Forbidden, InvalidInput, PostingNotFound
from services.fairs.service import get_fair
from services.insights.grades import level_posting
from services.matching.documents import (
    PostingOccupation,
    posting_occupation,
    title_distribution,
)
from services.models import Booth, Enterprise, Posting, PostingStatus
from services.postings.schemas import PostingCreate, PostingPage, PostingRead, PostingUpdate

if TYPE_CHECKING:
    from services.runtime import Runtime


class PostingSort(StrEnum):
    """Orders of a list without search words (with them, the best match comes first)."""

    mixed = "mixed"  # each firm's newest in turn: a first page shows twenty firms, not one
    newest = "newest"
    salary = "salary"  # highest pay first
    level = "level"  # highest skill level first
    booth = "booth"  # walking order: A01, A02, …


_LEVEL_RANK = case({level: level.rank for level in SkillLevel}, value=Posting.skill_level, else_=-1)
_TURN = func.row_number().over(partition_by=Posting.enterprise_id, order_by=Posting.id.desc())
_ORDER: dict[PostingSort, tuple[Any, ...]] = {
    PostingSort.mixed: (_TURN, Posting.id.desc()),
    PostingSort.newest: (Posting.id.desc(),),
    PostingSort.salary: (Posting.salary_max.desc().nulls_last(), Posting.id.desc()),
    PostingSort.level: (_LEVEL_RANK.desc(), Posting.id.desc()),
    PostingSort.booth: (Booth.number.asc().nulls_last(), Posting.id.desc()),
}


@dataclass(frozen=True, slots=True)
class PostingQuery:
    fair_id: int | None = None
    enterprise_id: int | None = None
    q: str = ""
    skill_level: SkillLevel | None = None
    occupation_code: str | None = None
    district: str | None = None
    salary_min: int | None = None
    status: PostingStatus | None = PostingStatus.open
    page: int = 1
    page_size: int = 20
    sort: PostingSort = PostingSort.newest  # the API's order; the job pages start mixed


def _with_enterprise(stmt: Select[Posting]) -> Select[Posting]:
    return stmt.options(selectinload(Posting.enterprise).selectinload(Enterprise.booths))


def booth_number(posting: Posting) -> str | None:
    """The booth of the posting's enterprise at the posting's fair (enterprise.booths loaded)."""
    return next((b.number for b in posting.enterprise.booths if b.fair_id == posting.fair_id), None)


_AnySelect = Select[*tuple[Any, ...]]
_READ_COLUMNS = (
    Posting.id,
    Posting.fair_id,
    Posting.enterprise_id,
    Enterprise.name.label("enterprise_name"),
    Booth.number.label("booth"),
    Posting.title,
    Posting.description,
    Posting.requirements,
    Posting.occupation_code,
    Posting.occupation_code_source,
    Posting.skill_level,
    Posting.education,
    Posting.min_years,
    Posting.certificates,
    Posting.headcount,
    Posting.salary_min,
    Posting.salary_max,
    Posting.location,
    Posting.firm_grade,
    Posting.status,
    Posting.created_at,
)


# Columns of PostingRead in one row per posting: no ORM objects on the busiest reads. Built once
# (statements are immutable; `.where()` makes a new one) instead of coercing 20 columns and two
# joins on every list page.
_READ_SELECT: _AnySelect = (
    select(*_READ_COLUMNS)
    .join(Enterprise, Enterprise.id == Posting.enterprise_id)
    .outerjoin(
        Booth,
        (Booth.enterprise_id == Posting.enterprise_id) & (Booth.fair_id == Posting.fair_id),
    )
)


def _row_read(row: Row[Any]) -> PostingRead:
    occupation = occupations_by_code().get(row.occupation_code or "")
    return PostingRead.model_validate(
        {**row._mapping, "occupation_name": occupation.display_name if occupation else None}
    )


async def read_postings(*, session: AsyncSession, ids: Sequence[int]) -> list[PostingRead]:
    """The API view of these postings, in the order of ids (unknown ids are left out)."""
    rows = (await session.execute(_READ_SELECT.where(Posting.id.in_(ids)))).all()
    by_id = {row.id: row for row in rows}
    return [_row_read(by_id[i]) for i in ids if i in by_id]


async def read_posting(*, session: AsyncSession, posting_id: int) -> PostingRead:
    """The API view of one posting, or PostingNotFound."""
    found = await read_postings(session=session, ids=[posting_id])
    if not found:
        raise PostingNotFound()
    return found[0]


async def load_posting(*, session: AsyncSession, posting_id: int) -> Posting:
    """A posting with its enterprise and booths, or PostingNotFound."""
    posting = await session.scalar(
        _with_enterprise(select(Posting).where(Posting.id == posting_id))
    )
    if posting is None:
        raise PostingNotFound()
    return posting


async def owned_posting(*, session: AsyncSession, posting_id: int, enterprise_id: int) -> Posting:
    """A posting the calling enterprise owns; another firm's posting is 403, unknown is 404."""
    posting = await load_posting(session=session, posting_id=posting_id)
    if posting.enterprise_id != enterprise_id:
        raise Forbidden(bilingual("api.posting_not_yours"))
    return posting


async def classify_posting(
    runtime: Runtime, title: str, *, code: str | None = None
) -> PostingOccupation:
    """A posting's occupation: the code set by hand (the firm's), else the title's most likely
    one (the model's; None when nothing fits), and the distribution ranking reads."""
    return posting_occupation(await title_distribution(runtime, title), code=code)


async def create_posting(
    *, runtime: Runtime, session: AsyncSession, enterprise_id: int, data: PostingCreate
) -> PostingRead:
    """Create a posting at a fair where the enterprise has a booth, then enqueue indexing."""
    await get_fair(session=session, fair_id=data.fair_id)
    has_booth = await session.scalar(
        select(Booth.id).where(Booth.fair_id == data.fair_id, Booth.enterprise_id == enterprise_id)
    )
    if has_booth is None:
        raise Forbidden(bilingual("api.no_booth_at_fair"))
    fields = data.model_dump()
    fields |= (await classify_posting(runtime, data.title, code=data.occupation_code)).columns()
    posting = Posting(enterprise_id=enterprise_id, **fields)
    session.add(posting)
    await level_posting(session=session, posting=posting)
    await session.commit()
    await runtime.queue.enqueue("index.upsert", index=IndexName.postings.value, ids=[posting.id])
    return await read_posting(session=session, posting_id=posting.id)


async def update_posting(
    *,
    runtime: Runtime,
    session: AsyncSession,
    enterprise_id: int,
    posting_id: int,
    data: PostingUpdate,
) -> PostingRead:
    """Change an owned posting (close it with status=closed) and re-index it."""
    posting = await owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise_id
    )
    changes = data.model_dump(exclude_unset=True)
    low = changes.get("salary_min", posting.salary_min)
    high = changes.get("salary_max", posting.salary_max)
    if low > high:
        raise InvalidInput(bilingual("api.salary_range"))
    for key, value in changes.items():
        setattr(posting, key, value)
    if "title" in changes or "occupation_code" in changes:
        # The request's code is the firm's; without one (a new title, or a code cleared by hand,
        # which stays cleared until a reclassify) the model's answer is followed.
        by_hand = "occupation_code" in changes
        chosen = await classify_posting(
            runtime, posting.title, code=posting.occupation_code if by_hand else None
        )
        posting.occupation_probs = chosen.probs
        posting.occupation_code_source = chosen.source
        if not by_hand:
            posting.occupation_code = chosen.code
    await level_posting(session=session, posting=posting)  # the firm's grade sets the level
    await session.commit()
    await runtime.queue.enqueue("index.upsert", index=IndexName.postings.value, ids=[posting.id])
    return await read_posting(session=session, posting_id=posting.id)


def _filters(query: PostingQuery) -> SearchFilters:
    rank = query.skill_level.rank if query.skill_level else None
    return SearchFilters(
        fair_id=query.fair_id,
        enterprise_id=query.enterprise_id,
        occupation_prefix=query.occupation_code,
        skill_level_min=rank,
        skill_level_max=rank,
        district=query.district,
        salary_min=query.salary_min,
        status=query.status.value if query.status else None,
    )


def _db_filters(stmt: _AnySelect, query: PostingQuery) -> _AnySelect:
    if query.fair_id is not None:
        stmt = stmt.where(Posting.fair_id == query.fair_id)
    if query.enterprise_id is not None:
        stmt = stmt.where(Posting.enterprise_id == query.enterprise_id)
    if query.skill_level is not None:
        stmt = stmt.where(Posting.skill_level == query.skill_level)
    if query.occupation_code:
        stmt = stmt.where(Posting.occupation_code.startswith(query.occupation_code))
    if query.district:
        in_district = select(Enterprise.id).where(Enterprise.district == query.district)
        stmt = stmt.where(Posting.enterprise_id.in_(in_district))
    if query.salary_min is not None:
        stmt = stmt.where(Posting.salary_max >= query.salary_min)
    if query.status is not None:
        stmt = stmt.where(Posting.status == query.status)
    return stmt


async def list_postings(
    *, runtime: Runtime, session: AsyncSession, query: PostingQuery
) -> PostingPage:
    """One page of postings: full-text ranked when q is given, else in query.sort's order."""
    offset = (query.page - 1) * query.page_size
    if query.q.strip():
        if offset + query.page_size > MAX_RESULT_WINDOW:  # every search backend stops there
            raise InvalidInput(bilingual("api.search_page_too_deep", max=MAX_RESULT_WINDOW))
        result = await runtime.search.search_text(
            IndexName.postings,
            expand_query(query.q),
            _filters(query),
            limit=query.page_size,
            offset=offset,
        )
        items = await read_postings(session=session, ids=[hit.id for hit in result.hits])
        total = result.total
    else:
        total = await session.scalar(_db_filters(select(func.count(Posting.id)), query)) or 0
        if query.sort is PostingSort.mixed:  # the window runs over narrow rows, then 20 are read
            ids = _db_filters(select(Posting.id), query).order_by(*_ORDER[query.sort])
            page_ids = (await session.scalars(ids.offset(offset).limit(query.page_size))).all()
            items = await read_postings(session=session, ids=page_ids)
        else:
            stmt = _db_filters(_READ_SELECT, query).order_by(*_ORDER[query.sort])
            rows = (await session.execute(stmt.offset(offset).limit(query.page_size))).all()
            items = [_row_read(row) for row in rows]
    return PostingPage(
        items=items,
        total=total,
        page=query.page,
        page_size=query.page_size,
    )
