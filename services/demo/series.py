"""Two years of fairs before the demo fair: the same firms come back, some grade their own way.

The main demo fair (generate_demo_fair, 2025-03-01) stays exactly as it is and comes last; five
earlier fairs of different sizes, spring and autumn, reuse its enterprises (plus firms that came
only then), with their own postings, résumés, visits and intentions. About a fifth of the firms
name grades their own way ("技术员A级", "T3", "高级技工") on every posting; half of them told us
what the grades mean, the rest carry the parser's guess for the organizer to review.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from matcher.domain import SkillLevel
from matcher.parsing import parse_firm_grade
from services.demo.catalog import FAIR_MINUTES
from services.demo.generator import generate_demo_fair, shanghai, simulate_visits
from services.demo.people import NameMaker, PhoneBook
from services.demo.postings import Site, booth_number, make_postings, make_sites
from services.demo.records import DemoFair, DemoGradeMapping, DemoSeries
from services.demo.resumes import make_resume
from services.demo.sampling import one, seeded, some
from services.demo.schools import DEMO_PROVIDERS, demo_schools, mark_school_students

MAIN_FIRMS = 80
FORMER_FIRMS = 24  # firms that exhibited in earlier years only
GRADED_SHARE = 0.2


@dataclass(frozen=True, slots=True)
class PastFair:
    """An earlier fair: when, where, and how big (firms, postings, résumés)."""

    name: str
    venue: str
    opens: tuple[int, int, int, int, int]
    firms: int
    postings: int
    resumes: int


PAST_FAIRS: tuple[PastFair, ...] = (
    PastFair("2023年常州市春季技能人才招聘会 / Changzhou Spring Skilled Talent Fair 2023",
             "常州市人力资源市场 / Changzhou Human Resources Market",
             (2023, 3, 18, 8, 30), 45, 650, 650),
    PastFair("2023年常州市秋季技能人才招聘会 / Changzhou Autumn Skilled Talent Fair 2023",
             "武进人力资源市场 / Wujin Human Resources Market",
             (2023, 9, 16, 8, 30), 34, 450, 450),
    PastFair("2024年常州市春季技能人才招聘会 / Changzhou Spring Skilled Talent Fair 2024",
             "常州市人力资源市场 / Changzhou Human Resources Market",
             (2024, 3, 16, 8, 30), 60, 850, 850),
    PastFair("2024年新北区夏季智能制造专场招聘会 / Xinbei Summer Smart Manufacturing Fair 2024",
             "新北区人才市场 / Xinbei Talent Market",
             (2024, 6, 22, 8, 30), 24, 300, 350),
    PastFair("2024年常州市秋季技能人才招聘会 / Changzhou Autumn Skilled Talent Fair 2024",
             "常州市人力资源市场 / Changzhou Human Resources Market",
             (2024, 10, 19, 8, 30), 55, 750, 750),
)  # fmt: skip

# How firms that grade their own way name the rungs (levels they do not name stay unnamed).
GRADE_SCHEMES: tuple[dict[SkillLevel, str], ...] = (
    {SkillLevel.junior: "技术员C级", SkillLevel.intermediate: "技术员B级",
     SkillLevel.senior: "技术员A级", SkillLevel.technician: "主任技术员"},
    {SkillLevel.apprentice: "T0", SkillLevel.junior: "T1", SkillLevel.intermediate: "T2",
     SkillLevel.senior: "T3", SkillLevel.technician: "T4", SkillLevel.senior_technician: "T5"},
    {SkillLevel.junior: "初级技工", SkillLevel.intermediate: "中级技工",
     SkillLevel.senior: "高级技工", SkillLevel.technician: "二级技师",
     SkillLevel.senior_technician: "一级技师"},
    {SkillLevel.apprentice: "普工", SkillLevel.junior: "熟练工", SkillLevel.intermediate: "骨干工",
     SkillLevel.senior: "班组技术骨干", SkillLevel.technician: "首席员工"},
)  # fmt: skip


def _former_sites(seed: int, phones: PhoneBook, names: NameMaker, taken: set[str]) -> list[Site]:
    """Firms that came to earlier fairs only: keys after the main fair's, names not reused."""
    drawn = make_sites(seeded(seed, "former"), FORMER_FIRMS * 2, phones, names)
    fresh = [s for s in drawn if s.enterprise.name not in taken][:FORMER_FIRMS]
    return [
        replace(
            site,
            enterprise=replace(
                site.enterprise, key=MAIN_FIRMS + i, username=f"ent{MAIN_FIRMS + i:03d}"
            ),
        )
        for i, site in enumerate(fresh, start=1)
    ]


def _past_fair(
    index: int, past: PastFair, seed: int, sites: Sequence[Site], phones: PhoneBook, scale: float
) -> DemoFair:
    rng = seeded(seed, f"history:{index}:floor")
    regulars = [s for s in sites if s.enterprise.key <= MAIN_FIRMS]
    former = [s for s in sites if s.enterprise.key > MAIN_FIRMS]
    firms = max(2, round(past.firms * scale))
    came = some(rng, regulars, round(firms * 0.75)) + some(rng, former, firms - round(firms * 0.75))
    came.sort(key=lambda s: s.enterprise.key)  # industry by industry, like the main floor
    floor = [
        replace(s, enterprise=replace(s.enterprise, booth=booth_number(i)))
        for i, s in enumerate(came)
    ]
    postings = make_postings(
        seeded(seed, f"history:{index}:postings"), floor, max(firms, round(past.postings * scale))
    )
    people, names = seeded(seed, f"history:{index}:resumes"), NameMaker()
    count = round(past.resumes * scale)
    resumes = [make_resume(people, key, phones, names) for key in range(1, count + 1)]
    applications, intentions = simulate_visits(
        seeded(seed, f"history:{index}:visits"), resumes, postings
    )
    starts_at = datetime(*past.opens, tzinfo=shanghai())
    return DemoFair(
        name=past.name,
        venue=past.venue,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=FAIR_MINUTES),
        enterprises=[s.enterprise for s in floor],
        postings=postings,
        resumes=resumes,
        applications=applications,
        intentions=intentions,
        closed=True,
    )


def _grading_firms(rng: random.Random, keys: Iterable[int]) -> dict[int, dict[SkillLevel, str]]:
    ordered = sorted(set(keys))
    chosen = some(rng, ordered, round(len(ordered) * GRADED_SHARE))
    return {key: one(rng, GRADE_SCHEMES) for key in sorted(chosen)}


def apply_firm_grades(
    fairs: list[DemoFair], seed: int
) -> tuple[list[DemoFair], list[DemoGradeMapping]]:
    """Name the grades of a fifth of the firms' postings their own way; the mappings of the
    names used (half confirmed by the firm, half the parser's guess) and postings levelled by
    them, as the platform keeps them."""
    rng = seeded(seed, "grades")
    schemes = _grading_firms(rng, (e.key for fair in fairs for e in fair.enterprises))
    confirmed = {key: rng.random() < 0.5 for key in schemes}
    used: dict[tuple[int, str], SkillLevel] = {}
    for fair in fairs:
        for p in fair.postings:
            name = schemes.get(p.enterprise_key, {}).get(p.skill_level)
            if name:
                used.setdefault((p.enterprise_key, name), p.skill_level)
    mappings = [
        DemoGradeMapping(
            key, name, level if confirmed[key] else parse_firm_grade(name), confirmed[key]
        )
        for (key, name), level in sorted(used.items())
    ]
    mapped = {(m.enterprise_key, m.grade_name): m.skill_level for m in mappings}

    def graded(fair: DemoFair) -> DemoFair:
        postings = []
        for p in fair.postings:
            name = schemes.get(p.enterprise_key, {}).get(p.skill_level)
            if name:
                p = replace(
                    p, firm_grade=name, skill_level=mapped[p.enterprise_key, name] or p.skill_level
                )
            postings.append(p)
        return replace(fair, postings=postings)

    return [graded(fair) for fair in fairs], mappings


def generate_demo_series(
    *, resumes: int = 2000, seed: int = 20250301, scale: float = 1.0
) -> DemoSeries:
    """Five earlier fairs (sizes times scale) and the main demo fair, oldest first; the same
    arguments always give the same series."""
    main = generate_demo_fair(resumes=resumes, seed=seed)
    phones, names = PhoneBook(), NameMaker()
    phones.reserve(e.contact_phone for e in main.enterprises)
    phones.reserve(r.phone for r in main.resumes)
    regulars = make_sites(seeded(seed, "enterprises"), MAIN_FIRMS, PhoneBook(), NameMaker())
    taken = {s.enterprise.name for s in regulars}
    sites = regulars + _former_sites(seed, phones, names, taken)
    fairs = [_past_fair(i, past, seed, sites, phones, scale) for i, past in enumerate(PAST_FAIRS)]
    fairs, mappings = apply_firm_grades([*fairs, main], seed)
    schools = demo_schools(fairs)
    fairs = mark_school_students(fairs, schools, seed)
    return DemoSeries(
        fairs=fairs, grade_mappings=mappings, schools=schools, providers=list(DEMO_PROVIDERS)
    )
