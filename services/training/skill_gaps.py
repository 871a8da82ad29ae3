"""Skill-gap guidance: which next ladder level or certificate would open how many more postings.

Every open posting near the seeker (by embedding cosine, at most MAX_POSTINGS in the city and as
many at the seeker's fair) is scored for the résumé by the matcher, as the recommendations score
it (matcher/ranking.py), then re-scored for each candidate step (matcher/what_if.py). A posting
matches when the score reaches MATCH_CUTOFF and no required certificate or level is missing.
Candidate steps: the next two ladder levels from 初级工 up (apprentice is where one starts, no
level to train for), and every certificate those postings require that the résumé does not
satisfy. Salary = the posting's monthly midpoint (salary_min+salary_max)/2.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import EN, ZH, t
from matcher.certificates import (
    certificate_satisfies,
    normalize_certificates,
    skill_certificate_name,
    trade_of,
)
from matcher.domain import SkillLevel
from matcher.what_if import MATCH_CUTOFF, Upgrade, WhatIf
from search.types import SearchFilters
from services.matching.documents import (
    POSTING_MATCH_COLUMNS,
    PostingMatchFields,
    posting_profile,
    resume_profile,
)
from services.matching.service import posting_similarities
from services.models import Posting, PostingStatus, Resume, TrainingProvider
from services.training.schemas import ProviderRead, SkillGap, SkillGapList

if TYPE_CHECKING:
    from services.runtime import Runtime

MAX_POSTINGS = 3000  # nearest open postings considered in the city (and again at the fair)
MAX_STEPS = 6
LEVEL_STEPS = 2  # how far up the ladder to look


_POSTING_COLUMNS = (*POSTING_MATCH_COLUMNS, Posting.fair_id)


class _PostingRow(PostingMatchFields, Protocol):
    """A selected posting: what the matcher reads, and its fair."""

    @property
    def fair_id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class _Scope:
    """Postings of one scope (the fair, or the city) as a mask over the considered ones."""

    mask: NDArray[np.bool_]
    salaries: NDArray[np.float64]

    def count(self, matched: NDArray[np.bool_]) -> int:
        return int(np.count_nonzero(matched & self.mask))

    def median_salary(self, matched: NDArray[np.bool_]) -> int | None:
        chosen = self.salaries[matched & self.mask]
        return round(median(chosen.tolist())) if len(chosen) else None


@dataclass(frozen=True, slots=True)
class _Outcome:
    upgrade: Upgrade
    unlocks: int
    unlocks_city: int
    salary_delta: int | None
    new_median: int | None


def _candidate_steps(resume: Resume, what_if: WhatIf) -> list[Upgrade]:
    held = resume.skill_level.rank if resume.skill_level else -1
    first = max(held + 1, SkillLevel.junior.rank)
    levels = [
        Upgrade(skill_level=SkillLevel.from_rank(rank))
        for rank in range(first, min(first + LEVEL_STEPS, len(SkillLevel)))
    ]
    return levels + [Upgrade(certificate=name) for name in what_if.certificate_candidates()]


def _outcome(
    upgrade: Upgrade, what_if: WhatIf, now: NDArray[np.bool_], primary: _Scope, city: _Scope
) -> _Outcome:
    after = what_if.matches(upgrade)
    added = after & ~now
    current, gained = primary.median_salary(now), primary.median_salary(added)
    return _Outcome(
        upgrade=upgrade,
        unlocks=primary.count(added),
        unlocks_city=city.count(added),
        salary_delta=gained - current if gained is not None and current is not None else None,
        new_median=gained,
    )


def _evaluate(
    resume: Resume, postings: Sequence[_PostingRow], similarity: dict[int, float]
) -> tuple[list[_Outcome], int, int]:
    """Every candidate step's outcome (CPU work: run in a thread), with today's match counts."""
    what_if = WhatIf(
        resume=resume_profile(resume),
        postings=[(posting_profile(p), similarity.get(p.id, 0.0)) for p in postings],
    )
    salaries = np.array([(p.salary_min + p.salary_max) / 2 for p in postings], dtype=np.float64)
    city = _Scope(np.ones(len(postings), dtype=bool), salaries)
    primary = city
    if resume.fair_id is not None:
        at_fair = np.array([p.fair_id == resume.fair_id for p in postings], dtype=bool)
        primary = _Scope(at_fair, salaries)
    now = what_if.matches()
    outcomes = [
        _outcome(step, what_if, now, primary, city) for step in _candidate_steps(resume, what_if)
    ]
    kept = [o for o in outcomes if o.unlocks_city > 0]
    kept.sort(key=lambda o: (-o.unlocks, -o.unlocks_city, -(o.salary_delta or 0)))
    return kept[:MAX_STEPS], primary.count(now), city.count(now)


def _step_name(upgrade: Upgrade) -> str:
    if upgrade.certificate:
        return upgrade.certificate
    return upgrade.skill_level.value if upgrade.skill_level else ""


def _step_certificate(resume: Resume, upgrade: Upgrade) -> str | None:
    """The certificate a step earns: the named one, or the trade's skill certificate at a level."""
    if upgrade.certificate:
        return upgrade.certificate
    trade = trade_of(resume.desired_title) or trade_of(resume.major)
    trade = trade or next(
        (found for c in normalize_certificates(resume.certificates) if (found := trade_of(c))),
        None,
    )
    return skill_certificate_name(trade, upgrade.skill_level) if trade else None


def providers_for(certificate: str | None, providers: list[TrainingProvider]) -> list[ProviderRead]:
    """Providers whose certificates or courses lead to (satisfy) the certificate."""
    if not certificate:
        return []
    return [
        ProviderRead.model_validate(p)
        for p in providers
        if any(
            certificate_satisfies(offered, certificate)
            for offered in normalize_certificates([*p.certificates, *p.courses])
        )
    ]


def _texts(outcome: _Outcome, *, city_too: bool) -> tuple[str, str]:
    texts = []
    for lang in (ZH, EN):
        upgrade = outcome.upgrade
        if upgrade.skill_level is not None:
            label = upgrade.skill_level.label_en if lang == EN else upgrade.skill_level.label_zh
            text = t("gaps.level", lang, name=label, n=outcome.unlocks)
        else:
            text = t("gaps.certificate", lang, name=upgrade.certificate, n=outcome.unlocks)
        if city_too:
            text += t("gaps.city", lang, n=outcome.unlocks_city)
        if outcome.salary_delta is not None:
            sign = "+" if outcome.salary_delta >= 0 else "−"
            amount = f"{abs(outcome.salary_delta):,}"
            text += t("gaps.salary_delta", lang, sign=sign, amount=amount)
        elif outcome.new_median is not None:
            text += t("gaps.salary_median", lang, median=f"{outcome.new_median:,}")
        texts.append(text)
    return texts[0], texts[1]


async def skill_gaps(*, runtime: Runtime, session: AsyncSession, resume: Resume) -> SkillGapList:
    """The steps that would open the most postings for this résumé, best first."""
    open_only = SearchFilters(status=PostingStatus.open.value)
    similarity = await posting_similarities(
        runtime=runtime, resume=resume, filters=open_only, limit=MAX_POSTINGS
    )
    if resume.fair_id is not None:
        at_fair = SearchFilters(status=PostingStatus.open.value, fair_id=resume.fair_id)
        similarity |= await posting_similarities(
            runtime=runtime, resume=resume, filters=at_fair, limit=MAX_POSTINGS
        )
    postings = (
        await session.execute(
            select(*_POSTING_COLUMNS)
            .where(Posting.id.in_(similarity), Posting.status == PostingStatus.open)
            .order_by(Posting.id)
        )
    ).all()
    providers = list(await session.scalars(select(TrainingProvider).order_by(TrainingProvider.id)))
    outcomes, matching, matching_city = await asyncio.to_thread(
        _evaluate, resume, postings, similarity
    )
    items = []
    for outcome in outcomes:
        upgrade = outcome.upgrade
        zh, en = _texts(outcome, city_too=resume.fair_id is not None)
        items.append(
            SkillGap(
                step=_step_name(upgrade),
                kind="certificate" if upgrade.certificate else "level",
                level=upgrade.skill_level,
                certificate=upgrade.certificate,
                unlocks=outcome.unlocks,
                unlocks_city=outcome.unlocks_city,
                salary_delta=outcome.salary_delta,
                new_median_salary=outcome.new_median,
                providers=providers_for(_step_certificate(resume, upgrade), providers),
                text_zh=zh,
                text_en=en,
            )
        )
    return SkillGapList(
        resume_id=resume.id,
        fair_id=resume.fair_id,
        matching=matching,
        matching_city=matching_city,
        postings_considered=len(postings),
        cutoff=MATCH_CUTOFF,
        items=items,
    )
