"""The shortage index per occupation × level, and its grade 紧缺 / 较紧缺 / 一般.

The index is the 求人倍率 that China's public employment services publish: openings ÷ seekers
(招聘需求人数 ÷ 求职人数; the Ministry of Human Resources' quarterly "最缺工的100个职业" ranks
occupations by this gap between openings and seekers, see for example the 2021 Q2 release,
http://sh.banjia.la/news/51842.html). Its grade is relative to the market of the period, the
overall ratio of the listed rows (Σ openings ÷ Σ seekers):
- 紧缺 (short): the row's ratio is at least SHORT_MULTIPLE (2) times the market's;
- 较紧缺 (fairly short): at least FAIRLY_SHORT_MULTIPLE (1.25) times;
- 一般 (balanced or surplus): below that.
Why relative: at a recruitment fair firms bring far more openings than seekers come (the demo
holds about six openings per seeker, real fairs are similar: 2,300 openings for 2,000 résumés
before the per-fair k-rule below drops small groups), so fixed thresholds such as "≥ 2" would
grade nearly every row 紧缺 and tell nothing apart. The thresholds are our choice, not a
published rule. A second measure, intentions ÷ openings, says how many openings the fairs
actually filled.

Minimum counts: a row needs MIN_SEEKERS seekers (the k-rule of services/insights/privacy.py,
counted per fair as in every anonymous answer) and MIN_OPENINGS openings, and a classified
occupation. The catalogue is a public document, so it is built from the anonymous figures for
everyone. Rows are ranked by grade, then index, then openings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from services.insights.demand import build_demand_map
from services.insights.demand_figures import UNSET, DemandMap, OccupationLevel
from services.insights.demand_query import DemandQuery
from services.insights.demand_rows import DemandSource
from services.insights.privacy import MIN_SEEKERS

MIN_OPENINGS = 5
SHORT_MULTIPLE = 2.0
FAIRLY_SHORT_MULTIPLE = 1.25


class Grade(StrEnum):
    """Shortage grade of the catalogue, most urgent first."""

    short = "short"
    fairly_short = "fairly_short"
    balanced = "balanced"

    @property
    def label_zh(self) -> str:
        return {"short": "紧缺", "fairly_short": "较紧缺", "balanced": "一般"}[self.value]

    @property
    def label_en(self) -> str:
        return {"short": "Short", "fairly_short": "Fairly short", "balanced": "Balanced"}[
            self.value
        ]


def grade_of(relative: float) -> Grade:
    """The grade of a row's openings ÷ seekers ratio divided by the market's."""
    if relative >= SHORT_MULTIPLE:
        return Grade.short
    if relative >= FAIRLY_SHORT_MULTIPLE:
        return Grade.fairly_short
    return Grade.balanced


@dataclass(frozen=True, slots=True)
class ShortageRow:
    """One ranked line of the catalogue."""

    rank: int
    line: OccupationLevel
    ratio: float  # openings ÷ seekers (求人倍率)
    relative: float  # ratio ÷ the market's ratio
    intention_rate: float  # intentions ÷ openings
    grade: Grade


def listed(line: OccupationLevel) -> bool:
    """Whether a line has the counts a catalogue shows (k-rule, minimum openings, classified)."""
    return (
        line.seekers >= MIN_SEEKERS
        and line.openings >= MIN_OPENINGS
        and line.occupation_code != UNSET
    )


def market_ratio(lines: list[OccupationLevel]) -> float:
    """Σ openings ÷ Σ seekers of the listed lines (0 when none is listed)."""
    seekers = sum(line.seekers for line in lines)
    return round(sum(line.openings for line in lines) / seekers, 2) if seekers else 0.0


def shortage_rows(demand: DemandMap) -> tuple[float, list[ShortageRow]]:
    """The market ratio and the catalogue's rows from a demand map's lines, ranked."""
    lines = [line for line in demand.occupations if listed(line)]
    market = market_ratio(lines)
    scored = []
    for line in lines:
        ratio = round(line.openings / line.seekers, 2)
        relative = round(ratio / market, 2) if market else 0.0
        rate = round(line.intentions / line.openings, 3)
        scored.append((line, ratio, relative, rate, grade_of(relative)))
    scored.sort(
        key=lambda item: (-item[1], -item[0].openings, item[0].occupation_code, item[0].level)
    )
    return market, [
        ShortageRow(
            rank=index, line=line, ratio=ratio, relative=relative, intention_rate=rate, grade=grade
        )
        for index, (line, ratio, relative, rate, grade) in enumerate(scored, start=1)
    ]


@dataclass(frozen=True, slots=True)
class ShortageCatalogue:
    demand: DemandMap
    market_ratio: float
    rows: list[ShortageRow]


async def shortage_catalogue(
    *, session: AsyncSession, query: DemandQuery, source: DemandSource | None = None
) -> ShortageCatalogue:
    """The shortage catalogue of a period: anonymous figures, k-rule and minimum counts
    (`source`: the grouped rows the request's demand map read, shared)."""
    demand = await build_demand_map(
        session=session, query=query, anonymous=True, cells="none", source=source
    )
    market, rows = shortage_rows(demand)
    return ShortageCatalogue(demand=demand, market_ratio=market, rows=rows)
