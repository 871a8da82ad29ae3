"""Request and response bodies of firm grade mappings (firm grade name → national ladder)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from matcher.domain import SkillLevel
from services.models import GradeSource
from services.schemas import OneLine, Strict

GradeName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), OneLine
]


class GradeMappingSet(Strict):
    grade_name: GradeName
    skill_level: SkillLevel | None


class GradeMappingRead(BaseModel):
    id: int
    enterprise_id: int
    enterprise_name: str
    grade_name: str
    skill_level: SkillLevel | None
    source: GradeSource
    updated_at: datetime
    postings: int


class GradeMappingSaved(BaseModel):
    mapping: GradeMappingRead
    relevelled: int
