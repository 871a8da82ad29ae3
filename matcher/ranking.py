"""Transparent posting–résumé scoring and ranking for both views (enterprise and seeker)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from matcher.certificates import certificate_satisfies, normalize_certificates
from matcher.csco import shared_depth
from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.explain import Explanation, FactorContribution, build_summaries
from matcher.occupation_match import OccupationEvidence, TextFeatureMemo, occupation_evidence
from matcher.occupations import occupation_name
from matcher.parsing import parse_years
from matcher.skills import extract_skill_terms, implied_skills, shows_skill
from matcher.weights import DEFAULT_WEIGHTS, MatchWeights

_UNKNOWN = 0.5  # value of a factor neither side gives data for: neither evidence for nor against
_PLACE_SUFFIX_RE = re.compile(r"(?:新区|区|市|县|镇|街道)$")


@dataclass(frozen=True, slots=True)
class Match:
    """A score in [0, 1] with its explanation."""

    score: float
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class RankedMatch:
    """One ranked result: the id of the résumé (enterprise view) or posting (seeker view)."""

    id: int
    score: float
    applied: bool
    explanation: Explanation

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "applied": self.applied,
            "explanation": self.explanation.to_dict(),
        }


@lru_cache(maxsize=4096)
def _certificates(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize_certificates(names))


@lru_cache(maxsize=4096)
def _required_years(requirements: str, description: str) -> float | None:
    return parse_years(requirements) if requirements else parse_years(description)


def _resume_haystack(*parts: str) -> str:
    return " ".join(parts).lower()


def _place(text: str | None) -> str:
    return _PLACE_SUFFIX_RE.sub("", (text or "").strip())


def _semantic_value(similarity: float, weights: MatchWeights) -> float:
    floor = weights.semantic_floor
    return min(1.0, max(0.0, (similarity - floor) / (1.0 - floor)))


def level_value(
    required: SkillLevel | None, held: SkillLevel | None, weights: MatchWeights
) -> tuple[float, int | None]:
    if required is None:
        return 1.0, None
    if held is None:
        return _UNKNOWN * 0.6, None  # unproven level counts a little below neutral
    gap = held.rank - required.rank
    if gap >= 0:
        return max(0.7, 1.0 - weights.over_level_penalty * gap), gap
    return max(0.0, 1.0 + weights.under_level_penalty * gap), gap


def _salary_value(posting: PostingProfile, resume: ResumeProfile) -> float:
    offer = posting.salary_max or posting.salary_min
    if not offer or not resume.expected_salary:
        return _UNKNOWN
    if resume.expected_salary <= offer:
        return 1.0
    return max(0.0, 1.0 - 2.0 * (resume.expected_salary - offer) / offer)


@lru_cache(maxsize=4096)
def _posting_place(location: str | None) -> str:
    return _place(location)


def _location_value(posting: PostingProfile, resume: ResumeProfile) -> float:
    want, where = _place(resume.desired_location), _posting_place(posting.location)
    if not want or not where:
        return _UNKNOWN
    return 1.0 if want in where or where in want else 0.0


Certificates = tuple[str, ...]


def _certificate_fit(
    required: Certificates, held_raw: Certificates
) -> tuple[Certificates, Certificates]:
    """(required certificates the held ones satisfy, required ones missing)."""
    if not required:
        return (), ()
    held = tuple(normalize_certificates(held_raw))
    matched = tuple(r for r in required if any(certificate_satisfies(h, r) for h in held))
    return matched, tuple(r for r in required if r not in matched)


@dataclass(slots=True)
class _PostingMemo:
    """Values of one posting's ranking call that résumés share (title, certificates, place).

    Keyed by résumé fields, so it lives for one call: the caller drops it when it returns and no
    résumé text outlives the request (no process-wide memo may hold a deleted seeker's words).
    Never share one between postings: every value depends on the posting too.
    """

    text: TextFeatureMemo = field(default_factory=dict)
    certificates: dict[Certificates, tuple[Certificates, Certificates]] = field(
        default_factory=dict
    )
    location: dict[str | None, float] = field(default_factory=dict)

    def certificate_fit(
        self, required: Certificates, held: Certificates
    ) -> tuple[Certificates, Certificates]:
        """`_certificate_fit`, once per distinct set of held certificates."""
        if held not in self.certificates:
            self.certificates[held] = _certificate_fit(required, held)
        return self.certificates[held]

    def location_value(self, posting: PostingProfile, resume: ResumeProfile) -> float:
        """`_location_value`, once per distinct desired place."""
        if resume.desired_location not in self.location:
            self.location[resume.desired_location] = _location_value(posting, resume)
        return self.location[resume.desired_location]


@dataclass(frozen=True, slots=True)
class Assessment:
    """Everything the score needs; the explanation is built from it only for shown results."""

    score: float
    values: dict[str, float]
    applied: bool
    required_certs: tuple[str, ...]
    matched_certs: tuple[str, ...]
    missing_certs: tuple[str, ...]
    level_gap: int | None
    evidence: OccupationEvidence | None


def _assess(
    posting: PostingProfile,
    resume: ResumeProfile,
    similarity: float,
    applied: bool,
    weights: MatchWeights,
    total_weight: float,
    memo: _PostingMemo,
) -> Assessment:
    required_certs = _certificates(posting.certificates)
    matched, missing = memo.certificate_fit(required_certs, resume.certificates)
    evidence = occupation_evidence(
        posting=posting, resume=resume, similarity=similarity, memo=memo.text
    )
    occupation_value = evidence.value if evidence else _UNKNOWN
    held_level_value, gap = level_value(posting.skill_level, resume.skill_level, weights)
    required_years = _required_years(posting.requirements, posting.description)
    values = {
        "semantic": _semantic_value(similarity, weights),
        "occupation": occupation_value,
        "skill_level": held_level_value,
        "certificates": len(matched) / len(required_certs) if required_certs else 1.0,
        "experience": min(1.0, resume.years_experience / required_years) if required_years else 1.0,
        "location": memo.location_value(posting, resume),
        "salary": _salary_value(posting, resume),
    }
    base = (
        weights.semantic * values["semantic"]
        + weights.occupation * values["occupation"]
        + weights.skill_level * values["skill_level"]
        + weights.certificates * values["certificates"]
        + weights.experience * values["experience"]
        + weights.location * values["location"]
        + weights.salary * values["salary"]
    ) / total_weight
    score = min(1.0, max(0.0, base + (weights.applied_bonus if applied else 0.0)))
    return Assessment(score, values, applied, required_certs, matched, missing, gap, evidence)


def _explain(
    posting: PostingProfile,
    resume: ResumeProfile,
    a: Assessment,
    weights: MatchWeights,
    total_weight: float,
) -> Explanation:
    factors = [
        FactorContribution(name, a.values[name], w, w * a.values[name] / total_weight)
        for name, w in weights.factor_weights().items()
    ]
    bonus = weights.applied_bonus if a.applied else 0.0
    factors.append(FactorContribution("applied", float(a.applied), weights.applied_bonus, bonus))
    wanted_skills = extract_skill_terms(posting.requirements or posting.description)
    haystack = _resume_haystack(
        resume.desired_title, resume.skills, resume.experience, resume.major
    )
    implied = implied_skills(haystack)
    matched_skills = tuple(s for s in wanted_skills if shows_skill(s, haystack, implied))
    missing_skills = tuple(s for s in wanted_skills if s not in matched_skills)
    coded = bool(posting.occupation_code and resume.occupation_code)
    depth = shared_depth(posting.occupation_code, resume.occupation_code) if coded else None
    target = a.evidence.code if a.evidence else posting.occupation_code or resume.occupation_code
    name = occupation_name(target) if target else ""
    summary_zh, summary_en = build_summaries(
        occupation_depth=depth,
        occupation_name=name,
        occupation_probability=a.evidence.p_same_occupation if a.evidence else None,
        minor_group_probability=a.evidence.p_same_minor_group if a.evidence else None,
        level_gap=a.level_gap,
        required_level=posting.skill_level,
        held_level=resume.skill_level,
        required_certificates=a.required_certs,
        missing_certificates=a.missing_certs,
        missing_skills=missing_skills,
        applied=a.applied,
    )
    return Explanation(
        factors=tuple(factors),
        matched_certificates=a.matched_certs,
        missing_certificates=a.missing_certs,
        matched_skills=matched_skills,
        missing_skills=missing_skills,
        level_gap=a.level_gap,
        occupation_depth=depth,
        occupation_name=name,
        occupation_probability=a.evidence.p_same_occupation if a.evidence else None,
        summary_zh=summary_zh,
        summary_en=summary_en,
    )


def _total_weight(weights: MatchWeights) -> float:
    return sum(weights.factor_weights().values()) or 1.0


def score_match(
    *,
    posting: PostingProfile,
    resume: ResumeProfile,
    similarity: float,
    applied: bool = False,
    weights: MatchWeights = DEFAULT_WEIGHTS,
) -> Match:
    """Score a résumé against a posting; `similarity` is the embedding cosine from search."""
    total = _total_weight(weights)
    a = _assess(posting, resume, similarity, applied, weights, total, _PostingMemo())
    return Match(score=a.score, explanation=_explain(posting, resume, a, weights, total))


def assess_match(
    *,
    posting: PostingProfile,
    resume: ResumeProfile,
    similarity: float,
    weights: MatchWeights = DEFAULT_WEIGHTS,
) -> Assessment:
    """The seeker-view score and its factor values, without building the explanation."""
    total = _total_weight(weights)
    return _assess(posting, resume, similarity, False, weights, total, _PostingMemo())


def rank_candidates(
    *,
    posting: PostingProfile,
    candidates: Sequence[tuple[ResumeProfile, float]],
    applied_ids: Collection[int] = (),
    limit: int = 50,
    weights: MatchWeights = DEFAULT_WEIGHTS,
) -> list[RankedMatch]:
    """Résumés for a posting (enterprise view), best first; ties broken by id."""
    applied_set = frozenset(applied_ids)
    total = _total_weight(weights)
    memo = _PostingMemo()  # dropped when this call returns
    assessed = [
        (_assess(posting, r, sim, r.id in applied_set, weights, total, memo), r)
        for r, sim in candidates
    ]
    assessed.sort(key=lambda item: (-item[0].score, item[1].id))
    return [
        RankedMatch(r.id, a.score, a.applied, _explain(posting, r, a, weights, total))
        for a, r in assessed[: max(0, limit)]
    ]


def rank_postings(
    *,
    resume: ResumeProfile,
    postings: Sequence[tuple[PostingProfile, float]],
    limit: int = 20,
    weights: MatchWeights = DEFAULT_WEIGHTS,
) -> list[RankedMatch]:
    """Postings for a résumé (seeker recommendations), best first; ties broken by id."""
    total = _total_weight(weights)
    assessed = [
        (_assess(p, resume, sim, False, weights, total, _PostingMemo()), p) for p, sim in postings
    ]
    assessed.sort(key=lambda item: (-item[0].score, item[1].id))
    return [
        RankedMatch(p.id, a.score, False, _explain(p, resume, a, weights, total))
        for a, p in assessed[: max(0, limit)]
    ]
