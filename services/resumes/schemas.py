"""Request and response bodies of résumés."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from frontend.i18n import bilingual
from matcher.domain import Education, SkillLevel
from services.schemas import Certificates, LongText, Name, Phone, Salary, ShortText, Strict


class ResumeFields(Strict):
    """Fields a seeker may set on create and update."""

    gender: Literal["male", "female"] | None = None
    birth_year: Annotated[int, Field(ge=1940, le=2015)] | None = None
    school: ShortText = ""
    major: ShortText = ""
    skill_level: SkillLevel | None = None
    certificates: Certificates = Field(default_factory=list)
    years_experience: Annotated[float, Field(ge=0, le=60)] = 0
    experience: LongText = ""
    skills: Annotated[str, StringConstraints(max_length=2000)] = ""
    desired_title: ShortText = ""
    desired_location: ShortText = ""
    expected_salary: Salary | None = None
    # Firms the seeker has not applied to may see the résumé only if this is set: a separate
    # opt-in (PIPL art. 23), off unless the seeker (or the client on their behalf) says so.
    open_to_recommendations: bool = False
    # The school from the schools list, and whether its results may be shared with it (PIPL:
    # a separate opt-in, off unless ticked).
    school_id: int | None = None
    share_with_school: bool = False


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
            raise ValueError(bilingual("api.consent_required"))
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
    school_id: int | None = None
    share_with_school: bool | None = None


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
    school_id: int | None
    share_with_school: bool
    fair_id: int | None
    consent_at: datetime
    created_at: datetime


class ResumeCreated(ResumeRead):
    token: str
