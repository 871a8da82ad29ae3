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
    firm_grade: str = ""  # the firm's own grade name, for firms that grade their own way


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
    share_with_school: bool = False  # consented to show fair outcomes to the school


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
    closed: bool = False  # a past fair: its postings are closed


@dataclass(frozen=True, slots=True)
class DemoGradeMapping:
    """A firm's own grade name on the national ladder, as the parser guessed or the firm said."""

    enterprise_key: int
    grade_name: str
    skill_level: SkillLevel | None
    confirmed: bool  # set by the firm (else the parser's guess, still to review)


@dataclass(frozen=True, slots=True)
class DemoSchool:
    """A vocational school with an account: its majors and the occupations they train for."""

    name: str
    majors: tuple[str, ...]
    occupation_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoProvider:
    """A training provider the organizer lists."""

    name: str
    address: str
    phone: str
    courses: tuple[str, ...]
    certificates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoSeries:
    """Several fairs over two years (oldest first, the main demo fair last) sharing enterprises,
    with the firms' own grade names, schools and training providers."""

    fairs: list[DemoFair]
    grade_mappings: list[DemoGradeMapping]
    schools: list[DemoSchool]
    providers: list[DemoProvider]
