"""Firms' own grade names ("技术员A级", "高级技工", "T3") on the national eight-level ladder.

Each firm has one GradeMapping per grade name. A posting that names a firm grade takes its
skill_level from the mapping; a new grade name gets the parser's guess (source=guess, possibly
no level). When the firm or an organizer sets a mapping, that firm's postings with the grade are
re-levelled in the same transaction and re-indexed after the commit. A mapping without a level
("unknown") leaves the postings' own levels as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import bilingual
from matcher.domain import SkillLevel
from matcher.parsing import parse_firm_grade
from search.types import IndexName
from services.errors import EnterpriseNotFound, NotFound
from services.insights.grades_schemas import GradeMappingRead, GradeMappingSaved
from services.models import Enterprise, GradeMapping, GradeSource, Posting

if TYPE_CHECKING:
    from services.runtime import Runtime


class GradeMappingNotFound(NotFound):
    detail = bilingual("api.grade_mapping_not_found")


def normal_grade(name: str) -> str:
    """A grade name as stored: trimmed, inner runs of spaces made one."""
    return " ".join(name.split())


def level_choice(text: str) -> SkillLevel | None:
    """A level from a form's select ("" means unknown, and so does a value that is no level)."""
    try:
        return SkillLevel(text) if text else None
    except ValueError:
        return None


def relevelled_count(text: str | None) -> int | None:
    """The count a page was redirected with after saving a mapping (None: nothing was saved)."""
    return int(text) if text is not None and text.isdigit() and len(text) < 7 else None


async def _find(session: AsyncSession, enterprise_id: int, grade_name: str) -> GradeMapping | None:
    found: GradeMapping | None = await session.scalar(
        select(GradeMapping).where(
            GradeMapping.enterprise_id == enterprise_id, GradeMapping.grade_name == grade_name
        )
    )
    return found


async def mapping_for(
    *, session: AsyncSession, enterprise_id: int, grade_name: str
) -> GradeMapping:
    """The firm's mapping of a grade name, created with the parser's guess when it has none
    (flushed, not committed: part of the caller's transaction)."""
    name = normal_grade(grade_name)
    found = await _find(session, enterprise_id, name)
    if found is not None:
        return found
    mapping = GradeMapping(
        enterprise_id=enterprise_id,
        grade_name=name,
        skill_level=parse_firm_grade(name),
        source=GradeSource.guess,
    )
    try:
        async with session.begin_nested():
            session.add(mapping)
    except IntegrityError:  # another request created it meanwhile
        found = await _find(session, enterprise_id, name)
        if found is None:
            raise
        return found
    return mapping


async def level_posting(*, session: AsyncSession, posting: Posting) -> None:
    """Give a posting that names a firm grade the mapping's ladder level (when it has one)."""
    posting.firm_grade = normal_grade(posting.firm_grade or "")
    if not posting.firm_grade:
        return
    mapping = await mapping_for(
        session=session, enterprise_id=posting.enterprise_id, grade_name=posting.firm_grade
    )
    if mapping.skill_level is not None:
        posting.skill_level = mapping.skill_level


def _read_select() -> Select[GradeMapping, str, int]:
    counts = (
        select(
            Posting.enterprise_id,
            Posting.firm_grade,
            func.count(Posting.id).label("postings"),
        )
        .where(Posting.firm_grade != "")
        .group_by(Posting.enterprise_id, Posting.firm_grade)
        .subquery()
    )
    return (
        select(
            GradeMapping,
            Enterprise.name,
            func.coalesce(counts.c.postings, 0),
        )
        .join(Enterprise, Enterprise.id == GradeMapping.enterprise_id)
        .outerjoin(
            counts,
            (counts.c.enterprise_id == GradeMapping.enterprise_id)
            & (counts.c.firm_grade == GradeMapping.grade_name),
        )
    )


def _read(mapping: GradeMapping, enterprise_name: str, postings: int) -> GradeMappingRead:
    return GradeMappingRead(
        id=mapping.id,
        enterprise_id=mapping.enterprise_id,
        enterprise_name=enterprise_name,
        grade_name=mapping.grade_name,
        skill_level=mapping.skill_level,
        source=mapping.source,
        updated_at=mapping.updated_at,
        postings=postings,
    )


async def list_mappings(
    *, session: AsyncSession, enterprise_id: int | None = None
) -> list[GradeMappingRead]:
    """Grade mappings (one firm's, or every firm's): guesses first, for review, then by firm."""
    query = _read_select()
    if enterprise_id is not None:
        query = query.where(GradeMapping.enterprise_id == enterprise_id)
    query = query.order_by(
        (GradeMapping.source != GradeSource.guess), Enterprise.name, GradeMapping.grade_name
    )
    rows = await session.execute(query)
    return [_read(mapping, name, postings) for mapping, name, postings in rows]


async def read_mapping(*, session: AsyncSession, mapping_id: int) -> GradeMappingRead:
    """One mapping with its firm's name and posting count."""
    row = (await session.execute(_read_select().where(GradeMapping.id == mapping_id))).first()
    if row is None:
        raise GradeMappingNotFound()
    mapping, name, postings = row
    return _read(mapping, name, postings)


async def set_mapping(
    *,
    runtime: Runtime,
    session: AsyncSession,
    enterprise_id: int,
    grade_name: str,
    skill_level: SkillLevel | None,
    source: GradeSource,
) -> GradeMappingSaved:
    """Set what a firm's grade means on the ladder (the firm or an organizer) and re-level that
    firm's postings with the grade, in one transaction; they are re-indexed after the commit."""
    if await session.get(Enterprise, enterprise_id) is None:
        raise EnterpriseNotFound()
    mapping = await mapping_for(session=session, enterprise_id=enterprise_id, grade_name=grade_name)
    mapping.skill_level = skill_level
    mapping.source = source
    changed: Sequence[int] = []
    if skill_level is not None:
        result = await session.execute(
            update(Posting)
            .where(
                Posting.enterprise_id == enterprise_id,
                Posting.firm_grade == mapping.grade_name,
                (Posting.skill_level != skill_level) | Posting.skill_level.is_(None),
            )
            .values(skill_level=skill_level)
            .returning(Posting.id)
            .execution_options(synchronize_session=False)
        )
        changed = list(result.scalars())
    await session.commit()
    if changed:
        await runtime.queue.enqueue(
            "index.upsert", index=IndexName.postings.value, ids=list(changed)
        )
    return GradeMappingSaved(
        mapping=await read_mapping(session=session, mapping_id=mapping.id), relevelled=len(changed)
    )


async def set_mapping_by_id(
    *,
    runtime: Runtime,
    session: AsyncSession,
    mapping_id: int,
    skill_level: SkillLevel | None,
    source: GradeSource,
) -> GradeMappingSaved:
    """set_mapping for an existing mapping row (the organizer's console)."""
    mapping = await session.get(GradeMapping, mapping_id)
    if mapping is None:
        raise GradeMappingNotFound()
    return await set_mapping(
        runtime=runtime,
        session=session,
        enterprise_id=mapping.enterprise_id,
        grade_name=mapping.grade_name,
        skill_level=skill_level,
        source=source,
    )
