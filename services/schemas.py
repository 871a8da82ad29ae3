"""Request and response bodies of the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from matcher.csco import occupations_by_code
from matcher.domain import Education, SkillLevel
from services.models import ApplicationStatus, CandidateStage, PostingStatus

MOBILE_PATTERN = r"^1[3-9]\d{9}$"

Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=MOBILE_PATTERN)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
LongText = Annotated[str, StringConstraints(max_length=5000)]
Salary = Annotated[int, Field(ge=0, le=1_000_000)]
Certificate = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Certificates = Annotated[list[Certificate], Field(max_length=20)]


def _known_occupation(code: str | None) -> str | None:
    if code is not None and code not in occupations_by_code():
        raise ValueError(f"未知职业编码 / unknown occupation code: {code}")
    return code


OccupationCode = Annotated[str | None, AfterValidator(_known_occupation)]


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("时间须带时区 / datetime must include a timezone offset")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FairCreate(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    venue: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.starts_at >= self.ends_at:
            raise ValueError("开始时间须早于结束时间 / starts_at must be before ends_at")
        return self


class FairRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    venue: str
    starts_at: datetime
    ends_at: datetime


class EnterpriseCreate(Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    industry: ShortText = ""
    district: ShortText = ""
    booth: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    contact_name: ShortText = ""
    contact_phone: Phone | None = None
    username: Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9_.-]{3,64}$")] | None = None
    password: Annotated[str, StringConstraints(min_length=8, max_length=128)] | None = None


class EnterpriseRead(BaseModel):
    id: int
    name: str
    industry: str
    district: str
    booth: str
    username: str


class EnterpriseCreated(EnterpriseRead):
    token: str


class PostingCreate(Strict):
    fair_id: int
    title: Title
    description: LongText = ""
    requirements: LongText = ""
    occupation_code: OccupationCode = None
    skill_level: SkillLevel | None = None
    education: Education | None = None
    min_years: Annotated[int, Field(ge=0, le=50)] = 0
    certificates: Certificates = []
    headcount: Annotated[int, Field(ge=1, le=10_000)] = 1
    salary_min: Salary
    salary_max: Salary
    location: ShortText = ""

    @model_validator(mode="after")
    def _salary(self) -> Self:
        if self.salary_min > self.salary_max:
            raise ValueError("最低薪资不能高于最高薪资 / salary_min must not exceed salary_max")
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
    skill_level: SkillLevel | None
    education: Education | None
    min_years: int
    certificates: list[str]
    headcount: int
    salary_min: int
    salary_max: int
    location: str
    status: PostingStatus
    created_at: datetime


class PostingPage(BaseModel):
    items: list[PostingRead]
    total: int
    page: int
    page_size: int


class ResumeFields(Strict):
    """Fields a seeker may set on create and update."""

    gender: Literal["male", "female"] | None = None
    birth_year: Annotated[int, Field(ge=1940, le=2015)] | None = None
    school: ShortText = ""
    major: ShortText = ""
    skill_level: SkillLevel | None = None
    certificates: Certificates = []
    years_experience: Annotated[float, Field(ge=0, le=60)] = 0
    experience: LongText = ""
    skills: Annotated[str, StringConstraints(max_length=2000)] = ""
    desired_title: ShortText = ""
    desired_location: ShortText = ""
    expected_salary: Salary | None = None
    open_to_recommendations: bool = True


class ResumeCreate(ResumeFields):
    name: Name
    phone: Phone
    education: Education
    fair_id: int | None = None
    language: Literal["zh", "en"] = "zh"
    consent: bool

    @model_validator(mode="after")
    def _consent(self) -> Self:
        if self.consent is not True:
            raise ValueError(
                "须同意隐私声明才能提交简历 / consent to the privacy notice is required"
            )
        return self


class ResumeUpdate(Strict):
    name: Name | None = None
    phone: Phone | None = None
    education: Education | None = None
    gender: Literal["male", "female"] | None = None
    birth_year: Annotated[int, Field(ge=1940, le=2015)] | None = None
    school: ShortText | None = None
    major: ShortText | None = None
    skill_level: SkillLevel | None = None
    certificates: Certificates | None = None
    years_experience: Annotated[float, Field(ge=0, le=60)] | None = None
    experience: LongText | None = None
    skills: Annotated[str, StringConstraints(max_length=2000)] | None = None
    desired_title: ShortText | None = None
    desired_location: ShortText | None = None
    expected_salary: Salary | None = None
    open_to_recommendations: bool | None = None


class ResumeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    phone: str
    gender: str | None
    birth_year: int | None
    education: Education
    school: str
    major: str
    skill_level: SkillLevel | None
    certificates: list[str]
    years_experience: float
    experience: str
    skills: str
    desired_title: str
    desired_location: str
    expected_salary: int | None
    occupation_code: str | None
    open_to_recommendations: bool
    fair_id: int | None
    consent_at: datetime
    created_at: datetime


class ResumeCreated(ResumeRead):
    token: str


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


class Explanation(BaseModel):
    model_config = ConfigDict(extra="allow")

    summary_zh: str = ""
    summary_en: str = ""


class CandidateItem(BaseModel):
    resume_id: int
    score: float
    applied: bool
    name: str
    phone: str
    education: Education
    skill_level: SkillLevel | None
    years_experience: float
    desired_title: str
    explanation: dict[str, object]


class CandidateList(BaseModel):
    items: list[CandidateItem]


class RecommendationItem(BaseModel):
    posting_id: int
    score: float
    title: str
    enterprise_name: str
    booth: str | None
    salary_min: int
    salary_max: int
    explanation: dict[str, object]


class RecommendationList(BaseModel):
    items: list[RecommendationItem]


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


class OccupationCandidateRead(BaseModel):
    code: str
    name: str
    score: float


class OccupationClassification(BaseModel):
    title: str
    candidates: list[OccupationCandidateRead]
