"""The demo fair's records: plain frozen dataclasses the database loader turns into rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from matcher.domain import Education, SkillLevel


@dataclass(frozen=True, slots=True)
class DemoEnterprise:
    """An exhibiting enterprise with its booth and an ASCII login name."""

    key: int
    name: str
    industry: str
    district: str
    contact_name: str
    contact_phone: str
    booth: str
    username: str


@dataclass(frozen=True, slots=True)
class DemoPosting:
    """One opening posted by an enterprise, tied to a real CSCO occupation code."""

    key: int
    enterprise_key: int
    title: str
    description: str
    requirements: str
    occupation_code: str
    skill_level: SkillLevel
    certificates: tuple[str, ...]
    headcount: int
    salary_min: int
    salary_max: int
    location: str
    min_years: int
    education: Education | None


@dataclass(frozen=True, slots=True)
class DemoResume:
    """A job seeker's résumé; true_occupation_code is the trade it was generated from."""

    key: int
    name: str
    phone: str
    gender: str | None
    birth_year: int
    education: Education
    school: str
    major: str
    skill_level: SkillLevel | None
    certificates: tuple[str, ...]
    years_experience: float
    experience: str
    skills: str
    desired_title: str
    desired_location: str
    expected_salary: int
    open_to_recommendations: bool
    true_occupation_code: str
    language: str


@dataclass(frozen=True, slots=True)
class DemoApplication:
    """A résumé handed to a posting at the fair."""

    resume_key: int
    posting_key: int
    minutes_after_open: int


@dataclass(frozen=True, slots=True)
class DemoIntention:
    """An enterprise's recorded hiring intention for one of its applications."""

    resume_key: int
    posting_key: int
    note: str
    minutes_after_open: int


@dataclass(frozen=True, slots=True)
class DemoFair:
    """Everything the demo loader inserts: the fair and all its records."""

    name: str
    venue: str
    starts_at: datetime
    ends_at: datetime
    enterprises: list[DemoEnterprise]
    postings: list[DemoPosting]
    resumes: list[DemoResume]
    applications: list[DemoApplication]
    intentions: list[DemoIntention]
