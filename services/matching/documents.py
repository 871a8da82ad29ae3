"""Convert database rows to the matcher's profiles and the search layer's documents."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from matcher.domain import Education, PostingProfile, ResumeProfile, SkillLevel
from matcher.occupation_match import RESUME_CODES, posting_codes
from search.types import IndexDoc
from services.models import OccupationSource, Posting, PostingStatus, Resume

if TYPE_CHECKING:
    from services.runtime import Runtime


class PostingMatchFields(Protocol):
    """The columns the matcher reads of a posting: a Posting row or a narrower select of them."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def requirements(self) -> str: ...
    @property
    def occupation_code(self) -> str | None: ...
    @property
    def occupation_probs(self) -> list[list[str | float]]: ...
    @property
    def skill_level(self) -> SkillLevel | None: ...
    @property
    def certificates(self) -> list[str]: ...
    @property
    def salary_min(self) -> int: ...
    @property
    def salary_max(self) -> int: ...
    @property
    def location(self) -> str: ...


POSTING_MATCH_COLUMNS = (
    Posting.id,
    Posting.title,
    Posting.description,
    Posting.requirements,
    Posting.occupation_code,
    Posting.occupation_probs,
    Posting.skill_level,
    Posting.certificates,
    Posting.salary_min,
    Posting.salary_max,
    Posting.location,
)


def posting_profile(posting: PostingMatchFields, *, enterprise_name: str = "") -> PostingProfile:
    """The matcher's view of a posting."""
    return PostingProfile(
        id=posting.id,
        title=posting.title,
        description=posting.description,
        requirements=posting.requirements,
        occupation_code=posting.occupation_code,
        occupation_probs=stored_distribution(posting.occupation_probs),
        skill_level=posting.skill_level,
        certificates=tuple(posting.certificates),
        salary_min=posting.salary_min,
        salary_max=posting.salary_max,
        location=posting.location or None,
        enterprise_name=enterprise_name,
    )


class ResumeMatchFields(Protocol):
    """The columns the matcher reads: a Resume row or a narrower select of them."""

    @property
    def id(self) -> int: ...
    @property
    def desired_title(self) -> str: ...
    @property
    def skills(self) -> str: ...
    @property
    def experience(self) -> str: ...
    @property
    def education(self) -> Education: ...
    @property
    def major(self) -> str: ...
    @property
    def skill_level(self) -> SkillLevel | None: ...
    @property
    def certificates(self) -> list[str]: ...
    @property
    def years_experience(self) -> float: ...
    @property
    def occupation_code(self) -> str | None: ...
    @property
    def occupation_probs(self) -> list[list[str | float]]: ...
    @property
    def desired_location(self) -> str: ...
    @property
    def expected_salary(self) -> int | None: ...


RESUME_MATCH_COLUMNS = (
    Resume.id,
    Resume.desired_title,
    Resume.skills,
    Resume.experience,
    Resume.education,
    Resume.major,
    Resume.skill_level,
    Resume.certificates,
    Resume.years_experience,
    Resume.occupation_code,
    Resume.occupation_probs,
    Resume.desired_location,
    Resume.expected_salary,
)


def resume_profile(resume: ResumeMatchFields) -> ResumeProfile:
    """The matcher's view of a résumé: no name, phone or other contact data."""
    return ResumeProfile(
        id=resume.id,
        desired_title=resume.desired_title,
        skills=resume.skills,
        experience=resume.experience,
        education=resume.education,
        major=resume.major,
        skill_level=resume.skill_level,
        certificates=tuple(resume.certificates),
        years_experience=resume.years_experience,
        occupation_code=resume.occupation_code,
        occupation_probs=stored_distribution(resume.occupation_probs),
        desired_location=resume.desired_location or None,
        expected_salary=resume.expected_salary,
    )


def resume_title(desired_title: str, major: str) -> str:
    """The text a résumé's occupation is classified from: its desired title, else its major."""
    return desired_title or major


def resume_occupation(
    found: Sequence[tuple[str, float]],
) -> tuple[str | None, list[list[str | float]]]:
    """The résumé columns (occupation_code, occupation_probs) from the model's distribution."""
    top = found[:RESUME_CODES]
    return (top[0][0] if top else None), [[code, round(p, 4)] for code, p in top]


@dataclass(frozen=True, slots=True)
class PostingOccupation:
    """A posting's occupation columns: its code, who chose it, the distribution ranking reads."""

    code: str | None
    source: OccupationSource
    probs: list[list[str | float]]

    def columns(self) -> dict[str, object]:
        """The Posting fields, by name."""
        return {
            "occupation_code": self.code,
            "occupation_code_source": self.source,
            "occupation_probs": self.probs,
        }


def posting_occupation(
    found: Sequence[tuple[str, float]], *, code: str | None = None
) -> PostingOccupation:
    """A posting's occupation from its title's distribution and the code the firm set, if any.

    The code is the firm's, else the title's most likely (the model's); the probabilities are
    the distribution ranking reads for that code (matcher.occupation_match.posting_codes), kept
    unrounded so ranking scores equal those of a live classification of the title.
    """
    chosen = code or (found[0][0] if found else None)
    return PostingOccupation(
        code=chosen,
        source=OccupationSource.firm if code else OccupationSource.model,
        probs=[[c, p] for c, p in posting_codes(found, chosen)],
    )


async def title_distribution(runtime: Runtime, title: str) -> list[tuple[str, float]]:
    """The occupation model's distribution for a title, off the event loop; [] for no title."""
    return await asyncio.to_thread(runtime.classifier.probabilities, title) if title else []


async def title_distributions(
    runtime: Runtime, titles: Sequence[str]
) -> list[list[tuple[str, float]]]:
    """`title_distribution` of each title, in one worker thread and one batch: each distinct
    title is classified once (within ~4e-7 of classifying it alone, same codes in same order)."""
    distinct = list(dict.fromkeys(titles))
    found = await asyncio.to_thread(runtime.classifier.probabilities_many, distinct)
    by_title = dict(zip(distinct, found, strict=True))
    return [by_title[title] for title in titles]


def stored_distribution(raw: object) -> tuple[tuple[str, float], ...]:
    """The stored [[code, probability], ...] as the matcher's tuple; () for anything malformed."""
    if not isinstance(raw, list):
        return ()
    out = []
    for item in raw:
        if not (isinstance(item, list | tuple) and len(item) == 2):
            return ()
        code, p = item
        if not isinstance(code, str) or not isinstance(p, int | float) or isinstance(p, bool):
            return ()
        out.append((code, float(p)))
    return tuple(out)


def _group(code: str | None) -> str | None:
    return "-".join(code.split("-")[:2]) if code else None


def posting_doc(posting: Posting, *, district: str, vector: NDArray[np.float32]) -> IndexDoc:
    """The search document of a posting."""
    return IndexDoc(
        id=posting.id,
        title=posting.title,
        body=f"{posting.enterprise.name} {posting.description} {posting.requirements}",
        vector=vector,
        fair_id=posting.fair_id,
        enterprise_id=posting.enterprise_id,
        occupation_code=posting.occupation_code,
        occupation_group=_group(posting.occupation_code),
        skill_level=posting.skill_level.rank if posting.skill_level else None,
        district=district or None,
        salary_min=posting.salary_min,
        salary_max=posting.salary_max,
        status=posting.status.value if isinstance(posting.status, PostingStatus) else None,
    )


def resume_doc(resume: Resume, *, vector: NDArray[np.float32]) -> IndexDoc:
    """The search document of a résumé; carries no name or phone."""
    return IndexDoc(
        id=resume.id,
        title=resume.desired_title,
        body=f"{resume.skills} {resume.experience} {resume.major} {' '.join(resume.certificates)}",
        vector=vector,
        fair_id=resume.fair_id,
        occupation_code=resume.occupation_code,
        occupation_group=_group(resume.occupation_code),
        skill_level=resume.skill_level.rank if resume.skill_level else None,
        district=resume.desired_location or None,
        salary_min=resume.expected_salary,
        salary_max=resume.expected_salary,
        open_to_recommendations=resume.open_to_recommendations,
    )
