"""Ranked candidates, recommendations and occupation look-ups, as the API returns them."""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
)

from matcher.domain import Education, SkillLevel


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


class OccupationCandidateRead(BaseModel):
    code: str
    name: str
    score: float


class OccupationClassification(BaseModel):
    title: str
    candidates: list[OccupationCandidateRead]
