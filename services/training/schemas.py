"""Request and response bodies of skill-gap guidance, training providers and schools."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from matcher.domain import SkillLevel
from services.schemas import Certificates, Name, OneLine, Strict

Entry = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), OneLine
]
Entries = Annotated[list[Entry], Field(max_length=30)]
OccupationPrefix = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\d(-\d{2}){0,3}$")
]
PhoneText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20), OneLine]


class ProviderCreate(Strict):
    """A training provider the organizer lists (提供培训的机构)."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), OneLine] = ""
    phone: PhoneText = ""
    courses: Entries = Field(default_factory=list)
    certificates: Certificates = Field(default_factory=list)


class ProviderRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    address: str
    phone: str
    courses: list[str]
    certificates: list[str]


class ProviderList(BaseModel):
    items: list[ProviderRead]


class SkillGap(BaseModel):
    """One step up: how many more open postings would match, and what they pay."""

    step: str = Field(description="the certificate's canonical name, or the ladder level reached")
    kind: Literal["level", "certificate"]
    level: SkillLevel | None = None
    certificate: str | None = None
    unlocks: int = Field(
        description="more matching open postings at the seeker's fair (the city without a fair)"
    )
    unlocks_city: int = Field(description="more matching open postings in the whole city")
    salary_delta: int | None = Field(
        description="median monthly salary (CNY, posting midpoints) of the postings this step "
        "adds, minus that of the postings matching now; same scope as unlocks; null when either "
        "set is empty"
    )
    new_median_salary: int | None = Field(description="median monthly salary of the added ones")
    providers: list[ProviderRead]
    text_zh: str
    text_en: str


class SkillGapList(BaseModel):
    resume_id: int
    fair_id: int | None
    matching: int = Field(description="open postings matching now at the fair (city without one)")
    matching_city: int
    postings_considered: int
    cutoff: float = Field(description="the seeker-view score a match must reach")
    items: list[SkillGap]


class SchoolCreate(Strict):
    """A vocational school account: its majors and, optionally, the occupations they train for."""

    name: Name
    majors: Entries = Field(default_factory=list)
    # CSCO codes or group prefixes ("6-18", "6-18-02-04"); empty: derived from the majors.
    occupation_codes: Annotated[list[OccupationPrefix], Field(max_length=50)] = Field(
        default_factory=list
    )


class SchoolCreated(BaseModel):
    id: int
    name: str
    token: str = Field(description="shown once; only its hash is stored")


class SchoolBrief(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    majors: list[str]
    occupation_codes: list[str]
    created_at: datetime


class SchoolList(BaseModel):
    items: list[SchoolBrief]


class FairOutcome(BaseModel):
    """Consenting students of one major at one fair: who applied, how often, intentions won."""

    fair_id: int
    fair_name: str
    starts_at: datetime
    major: str
    students: int = Field(description="consenting students who applied at this fair")
    applications: int
    intentions: int


class GapLine(BaseModel):
    """One thing postings asked for, against how many consenting students show it."""

    kind: Literal["certificate", "level", "skill"]
    key: str
    label_zh: str
    label_en: str
    postings: int = Field(description="postings in the school's occupations asking for it")
    posting_share: float
    students: int = Field(
        description="consenting students showing it (a level: at that level or above)"
    )
    student_share: float


class SchoolReport(BaseModel):
    school_id: int
    name: str
    majors: list[str]
    occupation_codes: list[str]
    codes_derived: bool = Field(description="true when the codes were derived from the majors")
    students: int = Field(description="students of this school who agreed to share")
    postings: int = Field(description="postings (every fair, open or closed) in those occupations")
    outcomes: list[FairOutcome]
    gaps: list[GapLine]
