"""Domain vocabulary shared by every layer: skill ladder, education and match profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SkillLevel(StrEnum):
    """The national vocational skill ladder (职业技能等级), ordered from lowest to highest."""

    apprentice = "apprentice"
    junior = "junior"
    intermediate = "intermediate"
    senior = "senior"
    technician = "technician"
    senior_technician = "senior_technician"
    principal_technician = "principal_technician"
    chief_technician = "chief_technician"

    @property
    def rank(self) -> int:
        """Position on the ladder: 0 for apprentice up to 7 for chief technician."""
        return _LEVEL_ORDER.index(self)

    @property
    def label_zh(self) -> str:
        return _LEVEL_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LEVEL_LABELS[self][1]

    @classmethod
    def from_rank(cls, rank: int) -> SkillLevel:
        return _LEVEL_ORDER[max(0, min(rank, len(_LEVEL_ORDER) - 1))]


_LEVEL_ORDER: tuple[SkillLevel, ...] = tuple(SkillLevel)
_LEVEL_LABELS: dict[SkillLevel, tuple[str, str]] = {
    SkillLevel.apprentice: ("学徒工", "Apprentice"),
    SkillLevel.junior: ("初级工(五级)", "Junior worker (level 5)"),
    SkillLevel.intermediate: ("中级工(四级)", "Intermediate worker (level 4)"),
    SkillLevel.senior: ("高级工(三级)", "Senior worker (level 3)"),
    SkillLevel.technician: ("技师(二级)", "Technician (level 2)"),
    SkillLevel.senior_technician: ("高级技师(一级)", "Senior technician (level 1)"),
    SkillLevel.principal_technician: ("特级技师", "Principal technician"),
    SkillLevel.chief_technician: ("首席技师", "Chief technician"),
}


class Education(StrEnum):
    """Highest completed education, ordered from lowest to highest."""

    junior_high = "junior_high"
    secondary_vocational = "secondary_vocational"
    high_school = "high_school"
    higher_vocational = "higher_vocational"
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"

    @property
    def rank(self) -> int:
        """Position in the order: 0 for junior high up to 6 for doctorate."""
        return _EDUCATION_ORDER.index(self)

    @property
    def label_zh(self) -> str:
        return _EDUCATION_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _EDUCATION_LABELS[self][1]


_EDUCATION_ORDER: tuple[Education, ...] = tuple(Education)
_EDUCATION_LABELS: dict[Education, tuple[str, str]] = {
    Education.junior_high: ("初中", "Junior high school"),
    Education.secondary_vocational: ("中职/技校", "Secondary vocational school"),
    Education.high_school: ("高中", "High school"),
    Education.higher_vocational: ("高职/大专", "Higher vocational college"),
    Education.bachelor: ("本科", "Bachelor"),
    Education.master: ("硕士", "Master"),
    Education.doctorate: ("博士", "Doctorate"),
}


@dataclass(frozen=True, slots=True)
class PostingProfile:
    """What the matcher needs to know about a job posting (no database types)."""

    id: int
    title: str
    description: str = ""
    requirements: str = ""
    occupation_code: str | None = None
    # (code, probability) from the occupation model, most likely first; () when not stored.
    occupation_probs: tuple[tuple[str, float], ...] = ()
    skill_level: SkillLevel | None = None
    certificates: tuple[str, ...] = ()
    salary_min: int | None = None
    salary_max: int | None = None
    location: str | None = None
    enterprise_name: str = ""


@dataclass(frozen=True, slots=True)
class ResumeProfile:
    """What the matcher needs to know about a résumé (no contact details)."""

    id: int
    desired_title: str = ""
    skills: str = ""
    experience: str = ""
    education: Education | None = None
    major: str = ""
    skill_level: SkillLevel | None = None
    certificates: tuple[str, ...] = ()
    years_experience: float = 0.0
    occupation_code: str | None = None
    # (code, probability) from the occupation model, most likely first; () when not stored.
    occupation_probs: tuple[tuple[str, float], ...] = ()
    desired_location: str | None = None
    expected_salary: int | None = None
    extra: dict[str, str] = field(default_factory=dict)
