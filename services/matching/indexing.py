"""Tasks that keep the search indices in step with the database (the source of truth)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matcher.texts import posting_text, resume_text
from search.types import IndexName
from services.matching.documents import posting_doc, posting_profile, resume_doc, resume_profile
from services.models import Enterprise, Posting, Resume
from services.tasks.registry import task

if TYPE_CHECKING:
    from services.runtime import Runtime

BATCH = 256


async def upsert_postings(runtime: Runtime, ids: Sequence[int]) -> None:
    """Re-read postings by id, embed them and upsert; ids no longer in the database are deleted."""
    async with runtime.sessions() as session:
        rows = (
            await session.scalars(
                select(Posting)
                .where(Posting.id.in_(ids))
                .options(selectinload(Posting.enterprise).selectinload(Enterprise.booths))
            )
        ).all()
    found = {p.id for p in rows}
    if rows:
        texts = [posting_text(posting_profile(p, enterprise_name=p.enterprise.name)) for p in rows]
        vectors = await runtime.encode(texts)
        docs = [
            posting_doc(p, district=p.enterprise.district, vector=v)
            for p, v in zip(rows, vectors, strict=True)
        ]
        await runtime.search.upsert(IndexName.postings, docs)
    missing = [i for i in ids if i not in found]
    if missing:
        await runtime.search.delete(IndexName.postings, missing)
    await runtime.listings_changed()  # searches answered from memory would miss the change


async def upsert_resumes(runtime: Runtime, ids: Sequence[int]) -> None:
    """Re-read résumés by id, embed them and upsert; deleted résumés leave the index."""
    async with runtime.sessions() as session:
        rows = (await session.scalars(select(Resume).where(Resume.id.in_(ids)))).all()
    found = {r.id for r in rows}
    if rows:
        vectors = await runtime.encode([resume_text(resume_profile(r)) for r in rows])
        docs = [resume_doc(r, vector=v) for r, v in zip(rows, vectors, strict=True)]
        await runtime.search.upsert(IndexName.resumes, docs)
    missing = [i for i in ids if i not in found]
    if missing:
        await runtime.search.delete(IndexName.resumes, missing)


_UPSERT = {IndexName.postings: upsert_postings, IndexName.resumes: upsert_resumes}


@task("index.upsert")
async def index_upsert(runtime: Runtime, kwargs: dict[str, Any]) -> None:
    """Bring documents for these ids in line with the database (idempotent)."""
    index = IndexName(kwargs["index"])
    ids: list[int] = [int(i) for i in kwargs["ids"]]
    for start in range(0, len(ids), BATCH):
        await _UPSERT[index](runtime, ids[start : start + BATCH])


@task("index.delete")
async def index_delete(runtime: Runtime, kwargs: dict[str, Any]) -> None:
    """Remove documents for these ids (idempotent)."""
    await runtime.search.delete(IndexName(kwargs["index"]), [int(i) for i in kwargs["ids"]])
