"""Page hits and fair statistics, as the API takes and returns them."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    StringConstraints,
)

from services.schemas import Strict


class PageHitCreate(Strict):
    page: Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,32}$")] = "jobs"
    source: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9_-]{0,32}$")] = ""
    enterprise_id: int | None = None


class FairStats(BaseModel):
    fair_id: int
    visits: int
    scans: int
    resumes: int
    applications: int
    downloads: int
    intentions: int
    enterprises: int
    postings: int
    openings: int
