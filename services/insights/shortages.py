"""The shortage index per occupation × level, and its grade 紧缺 / 较紧缺 / 一般.

The index is the 求人倍率 that China's public employment services publish: openings ÷ seekers
(招聘需求人数 ÷ 求职人数; the Ministry of Human Resources' quarterly "最缺工的100个职业" ranks
occupations by this gap between openings and seekers, see for example the 2021 Q2 release,
http://sh.banjia.la/news/51842.html). Its grade here:
- 紧缺 (short): openings ÷ seekers ≥ 2, twice as many openings as seekers;
- 较紧缺 (fairly short): ≥ 1.5;
- 一般 (balanced or surplus): below 1.5.
A second measure, intentions ÷ openings, says how many openings the fairs actually filled.

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
from services.insights.privacy import MIN_SEEKERS

MIN_OPENINGS = 5
SHORT_RATIO = 2.0
FAIRLY_SHORT_RATIO = 1.5


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


def grade_of(ratio: float) -> Grade:
    """The grade of an openings ÷ seekers ratio."""
    if ratio >= SHORT_RATIO:
        return Grade.short
    if ratio >= FAIRLY_SHORT_RATIO:
        return Grade.fairly_short
    return Grade.balanced


@dataclass(frozen=True, slots=True)
class ShortageRow:
    """One ranked line of the catalogue."""

    rank: int
    line: OccupationLevel
    ratio: float  # openings ÷ seekers (求人倍率)
    intention_rate: float  # intentions ÷ openings
    grade: Grade


def listed(line: OccupationLevel) -> bool:
    """Whether a line has the counts a catalogue shows (k-rule, minimum openings, classified)."""
    return (
        line.seekers >= MIN_SEEKERS
        and line.openings >= MIN_OPENINGS
        and line.occupation_code != UNSET
    )


def shortage_rows(demand: DemandMap) -> list[ShortageRow]:
    """The catalogue's rows from a demand map's occupation × level lines, ranked."""
    scored = []
    for line in demand.occupations:
        if not listed(line):
            continue
        ratio = round(line.openings / line.seekers, 2)
        rate = round(line.intentions / line.openings, 3)
        scored.append((line, ratio, rate, grade_of(ratio)))
    order = list(Grade)
    scored.sort(
        key=lambda item: (
            order.index(item[3]),
            -item[1],
            -item[0].openings,
            item[0].occupation_code,
            item[0].level,
        )
    )
    return [
        ShortageRow(rank=index, line=line, ratio=ratio, intention_rate=rate, grade=grade)
        for index, (line, ratio, rate, grade) in enumerate(scored, start=1)
    ]


@dataclass(frozen=True, slots=True)
class ShortageCatalogue:
    demand: DemandMap
    rows: list[ShortageRow]


async def shortage_catalogue(*, session: AsyncSession, query: DemandQuery) -> ShortageCatalogue:
    """The shortage catalogue of a period: anonymous figures, k-rule and minimum counts."""
    demand = await build_demand_map(session=session, query=query, anonymous=True, with_cells=False)
    return ShortageCatalogue(demand=demand, rows=shortage_rows(demand))
