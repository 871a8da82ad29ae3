"""Job seekers' résumés: fresh vocational graduates and experienced industrial workers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from matcher.domain import Education, SkillLevel
from services.demo.catalog import (
    ACHIEVEMENTS_EN,
    ACHIEVEMENTS_ZH,
    COLLEGES,
    DESIRED_LOCATIONS,
    DISTRICT_TOWNS,
    EMPLOYERS_EN,
    EMPLOYERS_ZH,
    FAIR_YEAR,
    GENERAL_SCHOOLS,
    LEVEL_PAY,
    MAJOR_FAMILIES,
    PERMITS,
    VAGUE_TITLES,
    Trade,
)
from services.demo.people import NameMaker, PhoneBook
from services.demo.records import DemoResume
from services.demo.sampling import Picker, between, one, round_to, some
from services.demo.trades import TRADES, clean_title, is_engineer, level_certificate

_E = Education
_EDUCATION: dict[tuple[bool, bool], Picker[Education]] = {
    # (engineer, fresh graduate) -> highest education
    (False, True): Picker(
        [_E.secondary_vocational, _E.higher_vocational, _E.bachelor], [45, 50, 5]
    ),
    (False, False): Picker(
        [
            _E.junior_high,
            _E.secondary_vocational,
            _E.high_school,
            _E.higher_vocational,
            _E.bachelor,
        ],
        [22, 33, 15, 27, 3],
    ),
    (True, True): Picker([_E.higher_vocational, _E.bachelor, _E.master], [40, 57, 3]),
    (True, False): Picker(
        [_E.secondary_vocational, _E.higher_vocational, _E.bachelor, _E.master], [7, 45, 45, 3]
    ),
}
_GRADUATION_AGE = {
    _E.junior_high: 16, _E.secondary_vocational: 18, _E.high_school: 18,
    _E.higher_vocational: 21, _E.bachelor: 22, _E.master: 25, _E.doctorate: 28,
}  # fmt: skip
_SCHOOL_KIND = {
    _E.secondary_vocational: "secondary", _E.higher_vocational: "higher",
    _E.bachelor: "bachelor", _E.master: "bachelor", _E.doctorate: "bachelor",
}  # fmt: skip
_FRESH_LEVEL = Picker(
    [None, SkillLevel.junior, SkillLevel.intermediate, SkillLevel.senior], [35, 25, 35, 5]
)
_TRADES = Picker(TRADES, [t.supply * (0.8 if t.code.startswith("2-") else 1.0) for t in TRADES])
_LOCATIONS = (*DESIRED_LOCATIONS, *DISTRICT_TOWNS)


@dataclass(frozen=True, slots=True)
class _Schooling:
    school: str
    major: str


def _schooling(rng: random.Random, trade: Trade, education: Education, en: bool) -> _Schooling:
    kind = _SCHOOL_KIND.get(education)
    if kind is None:
        zh, english = one(rng, GENERAL_SCHOOLS)
        return _Schooling(english if en else zh, "")
    name, name_en, family, majors = one(rng, _programmes(trade.family, kind))
    major = MAJOR_FAMILIES[family][0] if en else one(rng, majors)
    return _Schooling(name_en if en else name, major)


@cache
def _programmes(family: str, kind: str) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(school, English name, major family, majors) a seeker of this family may come from."""
    colleges = [c for c in COLLEGES if c[2] == kind]
    fitting = [c for c in colleges if family in c[3].split()]
    column = {"secondary": 1, "higher": 2, "bachelor": 3}[kind]
    # Without a fitting school the seeker changed careers and keeps the old school's major.
    return [
        (name, name_en, own := family if fitting else taught.split()[0],
         tuple(MAJOR_FAMILIES[own][column].split("|")))
        for name, name_en, _, taught in (fitting or colleges)
    ]  # fmt: skip


def _worker_level(rng: random.Random, trade: Trade, years: float) -> SkillLevel | None:
    if rng.random() < (0.6 if is_engineer(trade) else 0.2):
        return None  # many workers never sat a level exam
    rank = 1 + int(max(0.0, years + rng.gauss(0, 2.0)) / 5)
    if rank >= SkillLevel.senior_technician.rank:
        rank = 5 if rng.random() < 0.3 else 4  # 高级技师 is rare even among veterans
    return SkillLevel.from_rank(rank)


def _achievement(rng: random.Random, trade: Trade, en: bool) -> str:
    table = ACHIEVEMENTS_EN if en else ACHIEVEMENTS_ZH.get(trade.family, ACHIEVEMENTS_ZH["default"])
    return one(rng, table).format(d=between(rng, 1, 8), n=between(rng, 2, 9), p=between(rng, 5, 25))


def _experience_zh(rng: random.Random, trade: Trade, years: float, school: _Schooling) -> str:
    tools = "、".join(some(rng, trade.tools, 2))
    work = "、".join(some(rng, trade.work, 2))
    if years == 0:
        return (
            f"{school.school}{school.major}专业{FAIR_YEAR}届毕业生。在校系统学习"
            f"{'、'.join(some(rng, trade.skills, 2))}等课程与实训；在{one(rng, EMPLOYERS_ZH)}"
            f"顶岗实习{between(rng, 3, 8)}个月，参与{work}的{trade.duty}，使用{tools}。"
        )
    parts: list[str] = []
    end, left = FAIR_YEAR, years
    jobs = 1 if years < 3 else between(rng, 1, 3)
    for job in range(jobs):
        span = left if job == jobs - 1 else max(1.0, round(left * rng.uniform(0.3, 0.6)))
        start = end - max(1, round(span))
        title = clean_title(one(rng, trade.titles))
        until = "至今" if job == 0 and rng.random() < 0.6 else str(end)
        parts.append(
            f"{start}-{until} {one(rng, EMPLOYERS_ZH)} {title}：从事{trade.duty}，"
            f"熟练操作{tools}，主要负责{work}，{_achievement(rng, trade, False)}。"
        )
        end, left = start, left - span
        if left < 1:
            break
    return "\n".join(parts)


def _experience_en(rng: random.Random, trade: Trade, years: float, school: _Schooling) -> str:
    if years == 0:
        return (
            f"{FAIR_YEAR} graduate in {school.major} from {school.school}. "
            f"{between(rng, 3, 8)}-month internship at {one(rng, EMPLOYERS_EN)}: "
            f"{trade.duty_en} with {trade.tools_en}."
        )
    return (
        f"{years:g} years as {one(rng, trade.titles_en)} at {one(rng, EMPLOYERS_EN)}: "
        f"{trade.duty_en} using {trade.tools_en}; {_achievement(rng, trade, True)}."
    )


def _certificates(
    rng: random.Random, trade: Trade, level: SkillLevel | None, fresh: bool
) -> tuple[str, ...]:
    held = [c for c in (level_certificate(trade, level),) if c]
    held += [PERMITS[p] for p in trade.permits if rng.random() < (0.5 if fresh else 0.88)]
    held += [PERMITS.get(x, x) for x in trade.extras if rng.random() < 0.25]
    return tuple(held)


def make_resume(rng: random.Random, key: int, phones: PhoneBook, names: NameMaker) -> DemoResume:
    """One résumé; its trade is drawn by how many seekers each trade brings to a fair."""
    trade = _TRADES.pick(rng)
    engineer = is_engineer(trade)
    en = rng.random() < 0.05
    female = rng.random() < trade.female
    name = names.make(rng, female=female)
    fresh = rng.random() < 0.28
    education = _EDUCATION[engineer, fresh].pick(rng)
    if fresh:
        years = 0.0
        age = _GRADUATION_AGE[education] + between(rng, 0, 1)
        level = None if engineer else _FRESH_LEVEL.pick(rng)
    else:
        years = min(30.0, round(1 + rng.expovariate(1 / 6), 0) + one(rng, (0.0, 0.5)))
        age = min(58, _GRADUATION_AGE[education] + int(years) + between(rng, 0, 3))
        years = min(years, float(age - _GRADUATION_AGE[education]))
        level = _worker_level(rng, trade, years)
    school = _schooling(rng, trade, education, en)
    if en:
        experience = _experience_en(rng, trade, years, school)
        skills = f"{trade.duty_en}; {trade.tools_en}"
        desired = one(rng, trade.titles_en)
    else:
        experience = _experience_zh(rng, trade, years, school)
        picked = some(rng, trade.skills, 3)
        skills = "、".join([*picked, one(rng, trade.tools)])
        vague = not engineer and rng.random() < 0.05
        desired = one(rng, VAGUE_TITLES) if vague else clean_title(one(rng, trade.titles))
    pay = LEVEL_PAY[level or (SkillLevel.junior if fresh else SkillLevel.intermediate)]
    gender = None if rng.random() < 0.08 else ("female" if female else "male")
    return DemoResume(
        key=key,
        name=name.pinyin if en else name.hanzi,
        phone=phones.new(rng),
        gender=gender,
        birth_year=FAIR_YEAR - age,
        education=education,
        school=school.school,
        major=school.major,
        skill_level=level,
        certificates=_certificates(rng, trade, level, fresh),
        years_experience=years,
        experience=experience,
        skills=skills,
        desired_title=desired,
        desired_location=one(rng, _LOCATIONS),
        expected_salary=round_to(trade.salary * pay * rng.uniform(0.92, 1.2)),
        open_to_recommendations=rng.random() < 0.8,
        true_occupation_code=trade.code,
        language="en" if en else "zh",
    )
