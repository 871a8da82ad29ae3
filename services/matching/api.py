"""Occupation normalization against the national classification (CSCO 2022)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query

from services.deps import RuntimeDep
from services.matching.schemas import OccupationCandidateRead, OccupationClassification

router = APIRouter(prefix="/api/occupations", tags=["occupations"])


@router.get("/classify")
async def classify(
    runtime: RuntimeDep,
    title: Annotated[str, Query(max_length=200)],
    k: Annotated[int, Query(ge=1, le=10)] = 5,
) -> OccupationClassification:
    """Top-k national occupations for a free-text job title (Chinese or English)."""
    found = await asyncio.to_thread(runtime.classifier.classify, title, k=k)
    return OccupationClassification(
        title=title,
        candidates=[
            OccupationCandidateRead(code=c.code, name=c.name, score=c.score) for c in found
        ],
    )
