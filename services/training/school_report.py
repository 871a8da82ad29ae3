"""A school's report: its consenting students' outcomes at each fair, and the gap between what
postings in its majors' occupations ask for and what those students' résumés show.

Only résumés with school_id = the school and share_with_school = True are ever read. Postings:
every posting (any fair, open or closed: demand at its fair) whose occupation code starts with
one of the school's codes; when the school lists none, each major is classified like a title.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from sqlalchemy import ColumnElement, distinct, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from matcher.certificates import certificate_satisfies, normalize_certificates
from matcher.domain import SkillLevel
from matcher.skills import extract_skill_terms, implied_skills, shows_skill
from services.models import (
    Application,
    ApplicationStatus,
    Fair,
    Intention,
    Posting,
    Resume,
    School,
)
from services.training.schemas import FairOutcome, GapLine, SchoolReport

if TYPE_CHECKING:
    from services.runtime import Runtime

MAX_POSTINGS = 20_000  # the newest postings of the school's occupations that are read
MAX_LINES = 25  # per kind (certificates, skills); every ladder level is listed
MAJOR_CODES = 3  # occupations derived from each major when the school lists none


def _consenting(school_id: int) -> list[ColumnElement[bool]]:
    return [Resume.school_id == school_id, Resume.share_with_school.is_(True)]


async def _outcomes(session: AsyncSession, school_id: int) -> list[FairOutcome]:
    applied = (
        select(
            Posting.fair_id,
            Resume.major,
            func.count(distinct(Resume.id)),
            func.count(Application.id),
        )
        .join(Resume, Resume.id == Application.resume_id)
        .join(Posting, Posting.id == Application.posting_id)
        .where(*_consenting(school_id), Application.status == ApplicationStatus.submitted)
        .group_by(Posting.fair_id, Resume.major)
    )
    won = (
        select(Posting.fair_id, Resume.major, func.count(Intention.id))
        .join(Resume, Resume.id == Intention.resume_id)
        .join(Posting, Posting.id == Intention.posting_id)
        .where(*_consenting(school_id))
        .group_by(Posting.fair_id, Resume.major)
    )
    intentions = {(fair, major): n for fair, major, n in (await session.execute(won)).all()}
    cells = {
        (fair, major): (students, n) for fair, major, students, n in await session.execute(applied)
    }
    fairs = {
        f.id: f
        for f in await session.scalars(
            select(Fair).where(Fair.id.in_({fair for fair, _ in cells | intentions}))
        )
    }
    rows = [
        FairOutcome(
            fair_id=fair,
            fair_name=fairs[fair].name,
            starts_at=fairs[fair].starts_at,
            major=major,
            students=cells.get((fair, major), (0, 0))[0],
            applications=cells.get((fair, major), (0, 0))[1],
            intentions=intentions.get((fair, major), 0),
        )
        for fair, major in {*cells, *intentions}
    ]
    rows.sort(key=lambda r: (-r.starts_at.timestamp(), r.major))
    return rows


async def occupation_codes(runtime: Runtime, school: School) -> tuple[list[str], bool]:
    """The school's occupation codes, or those its majors classify to (and True).

    A major names a field more than a job ("焊接技术与自动化" classifies first as welding
    engineering technicians, then welders), so each major gives its MAJOR_CODES most likely
    occupations; organizers set the codes by hand for a sharper report.
    """
    if school.occupation_codes:
        return list(school.occupation_codes), False
    found = [
        await asyncio.to_thread(runtime.classifier.classify, major, k=MAJOR_CODES)
        for major in school.majors
    ]
    return sorted({c.code for candidates in found for c in candidates}), True


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _lines(
    kind: Literal["certificate", "level", "skill"],
    asked: Counter[str],
    shown: Counter[str],
    postings: int,
    students: int,
    labels: dict[str, tuple[str, str]],
) -> list[GapLine]:
    return [
        GapLine(
            kind=kind,
            key=key,
            label_zh=labels.get(key, (key, key))[0],
            label_en=labels.get(key, (key, key))[1],
            postings=n,
            posting_share=_share(n, postings),
            students=shown[key],
            student_share=_share(shown[key], students),
        )
        for key, n in asked.items()
    ]


def _gaps(posting_rows: Iterable[Posting], students: list[Resume]) -> tuple[int, list[GapLine]]:
    certs_asked: Counter[str] = Counter()
    skills_asked: Counter[str] = Counter()
    levels_asked: Counter[str] = Counter()
    total = 0
    for posting in posting_rows:
        total += 1
        certs_asked.update(set(normalize_certificates(posting.certificates)))
        skills_asked.update(set(extract_skill_terms(posting.requirements or posting.description)))
        if posting.skill_level is not None:
            levels_asked[posting.skill_level.value] += 1
    held = [normalize_certificates(s.certificates) for s in students]
    certs_shown = Counter(
        {
            c: sum(any(certificate_satisfies(h, c) for h in mine) for mine in held)
            for c in certs_asked
        }
    )
    texts = [" ".join((s.desired_title, s.skills, s.experience, s.major)).lower() for s in students]
    implied = [implied_skills(text) for text in texts]
    skills_shown = Counter(
        {
            skill: sum(
                shows_skill(skill, text, imp) for text, imp in zip(texts, implied, strict=True)
            )
            for skill in skills_asked
        }
    )
    levels_shown = Counter(
        {
            level.value: sum(
                s.skill_level is not None and s.skill_level.rank >= level.rank for s in students
            )
            for level in SkillLevel
        }
    )
    n = len(students)
    level_labels = {level.value: (level.label_zh, level.label_en) for level in SkillLevel}
    lines = _lines(
        "certificate", Counter(dict(certs_asked.most_common(MAX_LINES))), certs_shown, total, n, {}
    )
    lines += _lines(
        "skill", Counter(dict(skills_asked.most_common(MAX_LINES))), skills_shown, total, n, {}
    )
    ordered_levels = Counter(
        {
            level.value: levels_asked[level.value]
            for level in SkillLevel
            if levels_asked[level.value]
        }
    )
    lines += _lines("level", ordered_levels, levels_shown, total, n, level_labels)
    return total, lines


async def school_report(*, runtime: Runtime, session: AsyncSession, school: School) -> SchoolReport:
    """The report of one school (the caller has checked it is that school)."""
    codes, derived = await occupation_codes(runtime, school)
    matches = [Posting.occupation_code.startswith(code, autoescape=True) for code in codes]
    posting_rows = await session.scalars(
        select(Posting)
        .where(or_(*matches) if matches else false())
        .order_by(Posting.id.desc())
        .limit(MAX_POSTINGS)
    )
    students = list(await session.scalars(select(Resume).where(*_consenting(school.id))))
    total, gaps = _gaps(posting_rows, students)
    return SchoolReport(
        school_id=school.id,
        name=school.name,
        majors=list(school.majors),
        occupation_codes=codes,
        codes_derived=derived,
        students=len(students),
        postings=total,
        outcomes=await _outcomes(session, school.id),
        gaps=gaps,
    )
