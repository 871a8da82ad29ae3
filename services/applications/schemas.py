"""Request and response bodies of applications and preliminary intentions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
)

from services.models import ApplicationStatus, CandidateStage, Invitation, InvitationStatus
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


Note = Annotated[str, StringConstraints(max_length=1000)]


class ApplicationStageUpdate(Strict):
    stage: CandidateStage | None = None
    note: Note | None = None


class ApplicationStageRead(BaseModel):
    """An application's place in the enterprise's pipeline (read from the row)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    posting_id: int
    resume_id: int
    status: ApplicationStatus
    stage: CandidateStage
    note: str


class InvitationCreate(Strict):
    posting_id: int
    resume_id: int


class InvitationRead(BaseModel):
    """An invitation as the API shows it (read from the row), with its posting's title in lists."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    posting_id: int
    resume_id: int
    status: InvitationStatus
    created_at: datetime
    posting_title: str | None = None

    @classmethod
    def of(cls, invitation: Invitation, *, posting_title: str | None = None) -> InvitationRead:
        """The API's view of an invitation row."""
        return cls.model_validate(invitation).model_copy(update={"posting_title": posting_title})


class InvitationAnswer(StrEnum):
    """What a seeker answers an invitation (the last part of its URL)."""

    accept = "accept"
    decline = "decline"


class InvitationList(BaseModel):
    items: list[InvitationRead]
