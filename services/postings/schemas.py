"""Request and response bodies of job postings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    model_validator,
)

from frontend.i18n import bilingual
from matcher.domain import Education, SkillLevel
from services.models import OccupationSource, PostingStatus
from services.schemas import (
    Certificates,
    LongText,
    OccupationCode,
    OneLine,
    Salary,
    ShortText,
    Strict,
    Title,
)

# The firm's own grade name (企业内部等级, "高级技工", "T3"); its ladder level comes from the
# firm's grade mapping (services/insights/grades.py).
FirmGrade = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), OneLine]


class PostingCreate(Strict):
    fair_id: int
    title: Title
    description: LongText = ""
    requirements: LongText = ""
    occupation_code: OccupationCode = None
    skill_level: SkillLevel | None = None
    education: Education | None = None
    min_years: Annotated[int, Field(ge=0, le=50)] = 0
    certificates: Certificates = Field(default_factory=list)
    headcount: Annotated[int, Field(ge=1, le=10_000)] = 1
    salary_min: Salary
    salary_max: Salary
    location: ShortText = ""
    firm_grade: FirmGrade = ""

    @model_validator(mode="after")
    def _salary(self) -> Self:
        if self.salary_min > self.salary_max:
            raise ValueError(bilingual("api.salary_range"))
        return self


class PostingUpdate(Strict):
    title: Title | None = None
    description: LongText | None = None
    requirements: LongText | None = None
    occupation_code: OccupationCode = None
    skill_level: SkillLevel | None = None
    education: Education | None = None
    min_years: Annotated[int, Field(ge=0, le=50)] | None = None
    certificates: Certificates | None = None
    headcount: Annotated[int, Field(ge=1, le=10_000)] | None = None
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    location: ShortText | None = None
    firm_grade: FirmGrade | None = None
    status: PostingStatus | None = None


class PostingRead(BaseModel):
    id: int
    fair_id: int
    enterprise_id: int
    enterprise_name: str
    booth: str | None
    title: str
    description: str
    requirements: str
    occupation_code: str | None
    occupation_name: str | None
    # "firm": set by the firm, kept across retrains; "model": the classifier's answer for the title
    occupation_code_source: OccupationSource
    skill_level: SkillLevel | None
    education: Education | None
    min_years: int
    certificates: list[str]
    headcount: int
    salary_min: int
    salary_max: int
    location: str
    firm_grade: str = ""
    status: PostingStatus
    created_at: datetime


class PostingPage(BaseModel):
    items: list[PostingRead]
    total: int
    page: int
    page_size: int
