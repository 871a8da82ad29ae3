"""Postings: create, edit, list and search; ranked candidates for the owner."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from matcher.domain import SkillLevel
from services.deps import EnterpriseDep, RuntimeDep, SessionDep
from services.matching import service as matching
from services.matching.schemas import CandidateList
from services.models import PostingStatus
from services.postings import service as postings
from services.postings.schemas import PostingCreate, PostingPage, PostingRead, PostingUpdate

router = APIRouter(prefix="/api/postings", tags=["postings"])

# Ids are 64-bit in the database and in both search engines: a larger filter is a 422, not a 500.
MAX_ID = 2**63 - 1


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_posting(
    data: PostingCreate, runtime: RuntimeDep, session: SessionDep, enterprise: EnterpriseDep
) -> PostingRead:
    """Publish a posting; the occupation code is suggested by the matcher when omitted."""
    return await postings.create_posting(
        runtime=runtime, session=session, enterprise_id=enterprise.id, data=data
    )


@router.get("")
async def list_postings(
    runtime: RuntimeDep,
    session: SessionDep,
    fair_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    enterprise_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    skill_level: SkillLevel | None = None,
    occupation_code: Annotated[str | None, Query(pattern=r"^\d(-\d{2}){0,3}$")] = None,
    district: Annotated[str | None, Query(max_length=50)] = None,
    salary_min: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    status: PostingStatus | None = PostingStatus.open,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> PostingPage:
    """Open postings, filtered; full-text ranked when q is given (Chinese word segmentation)."""
    query = postings.PostingQuery(
        fair_id=fair_id,
        enterprise_id=enterprise_id,
        q=q,
        skill_level=skill_level,
        occupation_code=occupation_code,
        district=district,
        salary_min=salary_min,
        status=status,
        page=page,
        page_size=page_size,
    )
    return await postings.list_postings(runtime=runtime, session=session, query=query)


@router.get("/{posting_id}")
async def read_posting(posting_id: int, session: SessionDep) -> PostingRead:
    """One posting (public)."""
    return await postings.read_posting(session=session, posting_id=posting_id)


@router.patch("/{posting_id}")
async def update_posting(
    posting_id: int,
    data: PostingUpdate,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: EnterpriseDep,
) -> PostingRead:
    """Edit or close an owned posting."""
    return await postings.update_posting(
        runtime=runtime,
        session=session,
        enterprise_id=enterprise.id,
        posting_id=posting_id,
        data=data,
    )


@router.get("/{posting_id}/candidates")
async def list_candidates(
    posting_id: int,
    runtime: RuntimeDep,
    session: SessionDep,
    enterprise: EnterpriseDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CandidateList:
    """Candidates ranked for an owned posting, with explanations; non-applicants masked."""
    await postings.owned_posting(
        session=session, posting_id=posting_id, enterprise_id=enterprise.id
    )
    items = await matching.candidates_for_posting(
        runtime=runtime, session=session, posting_id=posting_id, limit=limit
    )
    return CandidateList(items=items)
