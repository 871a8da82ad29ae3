"""Exhibiting enterprises and their postings, spread over Changzhou's industries and districts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from matcher.domain import Education, SkillLevel
from services.demo.catalog import (
    BENEFITS,
    BRAND_BANNED,
    BRAND_HEADS,
    BRAND_TAILS,
    DISTRICT_TOWNS,
    DISTRICT_WEIGHTS,
    LEVEL_PAY,
    PERMITS,
    SHIFTS,
    TITLE_DECORATIONS,
    Trade,
)
from services.demo.industries import INDUSTRIES, Industry
from services.demo.people import NameMaker, PhoneBook
from services.demo.records import DemoEnterprise, DemoPosting
from services.demo.sampling import Picker, apportion, between, one, round_to, some
from services.demo.trades import TRADES_BY_CODE, is_engineer, level_certificate, occupation_name

_WORKER_LEVELS = Picker(
    [SkillLevel.apprentice, SkillLevel.junior, SkillLevel.intermediate, SkillLevel.senior,
     SkillLevel.technician, SkillLevel.senior_technician],
    [4, 24, 36, 24, 9, 3],
)  # fmt: skip
_ENGINEER_LEVELS = Picker(
    [SkillLevel.intermediate, SkillLevel.senior, SkillLevel.technician], [3, 5, 2]
)
_WORKER_EDUCATION = Picker(
    [None, Education.junior_high, Education.secondary_vocational, Education.high_school,
     Education.higher_vocational],
    [35, 15, 30, 10, 10],
)  # fmt: skip
_ENGINEER_EDUCATION = Picker([Education.higher_vocational, Education.bachelor], [4, 6])
_MIN_YEARS: dict[SkillLevel, tuple[int, int]] = {
    SkillLevel.apprentice: (0, 0),
    SkillLevel.junior: (0, 1),
    SkillLevel.intermediate: (1, 3),
    SkillLevel.senior: (3, 5),
    SkillLevel.technician: (5, 8),
    SkillLevel.senior_technician: (8, 12),
}
_HEADCOUNT = Picker(list(range(1, 21)), [1.0 / k**0.8 for k in range(1, 21)])
_FIRM_SIZE = Picker([0.5, 0.8, 1.0, 1.5, 2.5], [3, 4, 4, 2, 1])


@dataclass(frozen=True, slots=True)
class Site:
    """An enterprise with its address, size and the trades its industry hires."""

    enterprise: DemoEnterprise
    location: str
    size: float
    trades: Picker[Trade]


def booth_number(index: int) -> str:
    """Booth labels in rows of ten: 0 -> "A01", 79 -> "H10", 260 -> "AA01"."""
    row, seat = divmod(index, 10)
    letters = ""
    row += 1
    while row:
        row, rem = divmod(row - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"{letters}{seat + 1:02d}"


def _brands(rng: random.Random) -> list[str]:
    brands = [h + t for h in BRAND_HEADS for t in BRAND_TAILS if h + t not in BRAND_BANNED]
    rng.shuffle(brands)
    return brands


def _place(rng: random.Random, industry: Industry) -> tuple[str, str]:
    weights = DISTRICT_WEIGHTS | industry.districts
    district = Picker(list(weights), list(weights.values())).pick(rng)
    town = one(rng, DISTRICT_TOWNS[district])
    city = "" if district.endswith("市") or district.startswith("常州") else "常州市"
    return district, f"{city}{district}{town}"


def make_sites(rng: random.Random, count: int, phones: PhoneBook, names: NameMaker) -> list[Site]:
    """Enterprises grouped by industry, booths assigned zone by zone like a real fair floor."""
    per_industry = apportion(count, [ind.weight for ind in INDUSTRIES])
    brands = _brands(rng)
    sites: list[Site] = []
    for industry, n in zip(INDUSTRIES, per_industry, strict=True):
        hires = industry.trades
        trades = Picker([TRADES_BY_CODE[c] for c in hires], list(hires.values()))
        for _ in range(n):
            index = len(sites)
            brand = brands[index % len(brands)] + ("" if index < len(brands) else str(index))
            district, location = _place(rng, industry)
            contact = names.make(rng, female=rng.random() < 0.65)
            enterprise = DemoEnterprise(
                key=index + 1,
                name=one(rng, industry.name_patterns).format(b=brand),
                industry=industry.name,
                district=district,
                contact_name=contact.hanzi,
                contact_phone=phones.new(rng),
                booth=booth_number(index),
                username=f"ent{index + 1:03d}",
            )
            sites.append(Site(enterprise, location, _FIRM_SIZE.pick(rng), trades))
    return sites


def _title(rng: random.Random, trade: Trade, level: SkillLevel) -> str:
    apprentice = level is SkillLevel.apprentice
    titles = [t for t in trade.titles if ("学徒" in t) == apprentice] or list(trade.titles)
    title = one(rng, titles)
    if apprentice and "学徒" not in title:
        title += "(学徒)"
    elif level.rank >= SkillLevel.technician.rank and not is_engineer(trade) and rng.random() < 0.4:
        title += f"({level.label_zh.split('(')[0]})"
    if rng.random() < 0.25:
        decoration = one(rng, TITLE_DECORATIONS)
        clash = "熟手" in decoration if apprentice else "学徒" in decoration and level.rank >= 3
        if not clash:
            title += decoration
    return title


def _requirements(
    rng: random.Random,
    trade: Trade,
    level: SkillLevel,
    education: Education | None,
    min_years: int,
    certificates: tuple[str, ...],
) -> str:
    items = [f"{education.label_zh}及以上学历" if education else "学历不限，能吃苦耐劳"]
    if min_years:
        items.append(f"{min_years}年以上{trade.duty}相关工作经验")
    else:
        items.append("无经验可带薪培训，欢迎应届毕业生")
    if level.rank >= SkillLevel.intermediate.rank and not is_engineer(trade):
        rung = level.label_zh.split("(")[0]
        wanted = f"{occupation_name(trade.code)}{rung}及以上职业技能等级证书"
        needed = any("职业技能等级证书" in c for c in certificates)
        items.append(f"持{wanted}" if needed else f"有{wanted}者优先")
    items.extend(f"须持有效{PERMITS[p]}" for p in trade.permits)
    skills = some(rng, trade.skills, 2)
    items.append(f"熟悉{'、'.join(skills)}，会使用{one(rng, trade.tools)}")
    if rng.random() < 0.3:
        items.append("服从安排，能适应倒班")
    return "；".join(f"{i}. {text}" for i, text in enumerate(items, start=1)) + "。"


def _posting(rng: random.Random, key: int, site: Site) -> DemoPosting:
    trade = site.trades.pick(rng)
    engineer = is_engineer(trade)
    level = (_ENGINEER_LEVELS if engineer else _WORKER_LEVELS).pick(rng)
    education = (_ENGINEER_EDUCATION if engineer else _WORKER_EDUCATION).pick(rng)
    if education is None and level.rank >= SkillLevel.technician.rank:
        education = Education.secondary_vocational
    elif level.rank <= SkillLevel.junior.rank and not engineer:
        education = None  # entry-level line jobs do not ask for a diploma
    low, high = _MIN_YEARS[level]
    min_years = between(rng, low, high)
    cert = level_certificate(trade, level) if level.rank >= SkillLevel.intermediate.rank else None
    certificates = tuple(PERMITS[p] for p in trade.permits)
    if cert and rng.random() < 0.55:
        certificates = (cert, *certificates)
    # Engineers' pay rises more gently with the ladder and their bands are narrower.
    steep = 0.5 if engineer else 1.0
    mid = trade.salary * (1 + (LEVEL_PAY[level] - 1) * steep) * rng.uniform(0.93, 1.1)
    salary_min = round_to(mid * rng.uniform(0.84, 0.94))
    salary_max = max(salary_min + 500, round_to(mid * rng.uniform(1.15, 1.3 if engineer else 1.4)))
    headcount = between(rng, 1, 3) if engineer else _HEADCOUNT.pick(rng)
    title = _title(rng, trade, level)
    ent = site.enterprise
    work = "、".join(some(rng, trade.work, 2))
    benefits = "、".join(some(rng, BENEFITS, 4))
    description = (
        f"{ent.name}（{ent.industry}）因订单增加招聘{title}{headcount}名。"
        f"岗位职责：负责{work}的{trade.duty}，使用{one(rng, trade.tools)}，"
        f"按工艺文件和质量要求完成生产任务，做好设备日常保养与5S。"
        f"工作地点：{site.location}。班次：{one(rng, SHIFTS)}。"
        f"薪资{salary_min}-{salary_max}元/月，{benefits}。"
    )
    return DemoPosting(
        key=key,
        enterprise_key=ent.key,
        title=title,
        description=description,
        requirements=_requirements(rng, trade, level, education, min_years, certificates),
        occupation_code=trade.code,
        skill_level=level,
        certificates=certificates,
        headcount=headcount,
        salary_min=salary_min,
        salary_max=salary_max,
        location=site.location,
        min_years=min_years,
        education=education,
    )


def make_postings(rng: random.Random, sites: list[Site], total: int) -> list[DemoPosting]:
    """Postings shared out over enterprises by firm size, each drawn from its industry's trades."""
    counts = apportion(total, [s.size for s in sites], minimum=1)
    postings: list[DemoPosting] = []
    for site, n in zip(sites, counts, strict=True):
        for _ in range(n):
            postings.append(_posting(rng, len(postings) + 1, site))
    return postings
