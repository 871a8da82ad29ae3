"""Ranked candidates for a posting and recommended postings for a résumé."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from matcher.query_expansion import retrieval_query
from matcher.ranking import rank_candidates, rank_postings
from matcher.texts import posting_text, resume_text
from search.types import IndexName, SearchFilters
from services.errors import PostingNotFound
from services.matching.documents import RESUME_MATCH_COLUMNS, posting_profile, resume_profile
from services.matching.schemas import CandidateItem, RecommendationItem
from services.models import Application, ApplicationStatus, Enterprise, Posting, Resume
from services.postings.service import booth_number

if TYPE_CHECKING:
    from services.runtime import Runtime

MAX_POOL = 2000  # the most résumés one ranking retrieves (settings allow up to this)


def mask_name(name: str) -> str:
    """张三丰 → 张**; contact data stays hidden until the seeker applies."""
    return name[:1] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


async def _vector(
    runtime: Runtime, index: IndexName, doc_id: int, text: str
) -> NDArray[np.float32]:
    doc = await runtime.search.get(index, doc_id)
    if doc is not None and doc.vector is not None:
        return doc.vector
    return np.asarray((await runtime.encode([text]))[0], dtype=np.float32)


async def _pool(
    runtime: Runtime,
    index: IndexName,
    query: str,
    vector: NDArray[np.float32],
    filters: SearchFilters,
    must_include: Collection[int],
    size: int,
) -> dict[int, float]:
    """Hybrid retrieval of a candidate pool, then cosine similarity for every member.

    Backends without vector search (OpenSearch-compatible servers) retrieve by text and take the
    similarity from the vectors stored with each document.
    """
    if not runtime.search.supports_vectors:
        found = await runtime.search.search_text(index, query, filters, limit=size)
        ids = {hit.id for hit in found.hits} | set(must_include)
        docs = await runtime.search.get_many(index, ids)
        similarity = dict.fromkeys(ids, 0.0)
        similarity.update(
            {i: float(np.dot(d.vector, vector)) for i, d in docs.items() if d.vector is not None}
        )
        return similarity
    pool = await runtime.search.search_hybrid(index, query, vector, filters, k=size)
    member_ids = frozenset({hit.id for hit in pool.hits} | set(must_include))
    if not member_ids:
        return {}
    sims = await runtime.search.search_vector(
        index, vector, SearchFilters(ids=member_ids), k=len(member_ids)
    )
    similarity = dict.fromkeys(member_ids, 0.0)
    similarity.update({hit.id: hit.score for hit in sims.hits})
    return similarity


async def _posting_and_applicants(
    session: AsyncSession, posting_id: int
) -> tuple[Posting, str, set[int]]:
    """The posting, its enterprise's name and its applicants' résumé ids, or PostingNotFound."""
    found = (
        await session.execute(
            select(Posting, Enterprise.name)
            .join(Enterprise, Enterprise.id == Posting.enterprise_id)
            .where(Posting.id == posting_id)
        )
    ).first()
    if found is None:
        raise PostingNotFound()
    applicants = await session.scalars(
        select(Application.resume_id).where(
            Application.posting_id == posting_id,
            Application.status == ApplicationStatus.submitted,
        )
    )
    return found[0], found[1], set(applicants.all())


async def candidates_for_posting(
    *, runtime: Runtime, session: AsyncSession, posting_id: int, limit: int, pool: int = 0
) -> list[CandidateItem]:
    """Applicants and opted-in seekers ranked for a posting, with explanations.

    The search retrieves `pool` résumés (at least settings.candidate_pool, at most 2,000) for
    the matcher to rank; exports of 500 need a pool of 500.
    """
    posting, enterprise_name, applicants = await _posting_and_applicants(session, posting_id)
    profile = posting_profile(posting, enterprise_name=enterprise_name)
    vector = await _vector(runtime, IndexName.postings, posting.id, posting_text(profile))
    similarity = await _pool(
        runtime,
        IndexName.resumes,
        retrieval_query(profile),
        vector,
        SearchFilters(open_to_recommendations=True),
        applicants,
        size=min(max(pool, runtime.settings.candidate_pool), MAX_POOL),
    )
    # Name and phone come in the same read, so the shown results need no second query; the
    # matcher never sees them (resume_profile drops them) and only the shown ones leave, masked.
    rows = await session.execute(
        select(*RESUME_MATCH_COLUMNS, Resume.name, Resume.phone).where(Resume.id.in_(similarity))
    )
    contacts = {row.id: row for row in rows.all()}
    ranked = rank_candidates(
        posting=profile,
        candidates=[(resume_profile(row), similarity[row.id]) for row in contacts.values()],
        applied_ids=applicants,
        limit=limit,
    )
    items = []
    for match in ranked:
        resume = contacts[match.id]
        visible = match.id in applicants
        items.append(
            CandidateItem(
                resume_id=match.id,
                score=round(match.score, 4),
                applied=visible,
                name=resume.name if visible else mask_name(resume.name),
                phone=resume.phone if visible else mask_phone(resume.phone),
                education=resume.education,
                skill_level=resume.skill_level,
                years_experience=resume.years_experience,
                desired_title=resume.desired_title,
                explanation=match.explanation.to_dict(),
            )
        )
    return items


async def recommendations_for_resume(
    *, runtime: Runtime, session: AsyncSession, resume: Resume, limit: int
) -> list[RecommendationItem]:
    """Open postings ranked for a seeker, with a one-line reason each."""
    profile = resume_profile(resume)
    vector = await _vector(runtime, IndexName.resumes, resume.id, resume_text(profile))
    query = f"{resume.desired_title} {resume.skills}"[:500]
    similarity = await _pool(
        runtime,
        IndexName.postings,
        query,
        vector,
        SearchFilters(status="open"),
        (),
        size=runtime.settings.candidate_pool,
    )
    rows = (
        await session.scalars(
            select(Posting)
            .where(Posting.id.in_(similarity))
            .options(selectinload(Posting.enterprise).selectinload(Enterprise.booths))
        )
    ).all()
    postings = {p.id: p for p in rows}
    ranked = rank_postings(
        resume=profile,
        postings=[
            (posting_profile(p, enterprise_name=p.enterprise.name), similarity[p.id]) for p in rows
        ],
        limit=limit,
    )
    items = []
    for match in ranked:
        posting = postings[match.id]
        booth = booth_number(posting)
        items.append(
            RecommendationItem(
                posting_id=posting.id,
                score=round(match.score, 4),
                title=posting.title,
                enterprise_name=posting.enterprise.name,
                booth=booth,
                salary_min=posting.salary_min,
                salary_max=posting.salary_max,
                explanation=match.explanation.to_dict(),
            )
        )
    return items


async def posting_similarities(
    *, runtime: Runtime, resume: Resume, filters: SearchFilters, limit: int
) -> dict[int, float]:
    """Cosine similarity of the résumé to its `limit` nearest postings matching the filters
    (backends without vector search: the postings its text retrieves, by their stored vectors)."""
    vector = await _vector(
        runtime, IndexName.resumes, resume.id, resume_text(resume_profile(resume))
    )
    if not runtime.search.supports_vectors:
        query = f"{resume.desired_title} {resume.skills}"[:500]
        return await _pool(runtime, IndexName.postings, query, vector, filters, (), size=limit)
    found = await runtime.search.search_vector(IndexName.postings, vector, filters, k=limit)
    return {hit.id: hit.score for hit in found.hits}
