"""Request and response bodies of applications and preliminary intentions."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
)

from services.models import ApplicationStatus, CandidateStage
from services.schemas import Strict


class ApplicationCreate(Strict):
    posting_id: int


class ApplicationCreated(BaseModel):
    id: int
    resume_id: int
    posting_id: int
    status: ApplicationStatus
    created: bool


class ApplicationRead(BaseModel):
    id: int
    resume_id: int
    posting_id: int
    posting_title: str
    enterprise_name: str
    booth: str | None
    status: ApplicationStatus
    stage: CandidateStage
    intention: bool
    created_at: datetime


class ApplicationList(BaseModel):
    items: list[ApplicationRead]


class IntentionCreate(Strict):
    posting_id: int
    resume_id: int
    note: Annotated[str, StringConstraints(max_length=1000)] = ""


class IntentionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    posting_id: int
    resume_id: int
    enterprise_id: int
    note: str
    created_at: datetime
