"""The figures of a demand map: cells, occupation × level lines, the trend, pay quartiles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from services.insights.demand_query import DemandQuery, Period
from services.insights.privacy import MIN_SEEKERS

UNSET = "-"  # no occupation code, no level, no chain or no district
CellDetail = Literal["full", "charts", "none"]
"""How fine a map's cells are: chain × occupation × level × district with pay quartiles (the
API), chain × occupation × level without district or pay (what the page's charts draw, a
fraction of the size on a big city), or none (the shortage catalogue)."""


@dataclass(frozen=True, slots=True)
class FairRef:
    id: int
    name: str
    starts_at: datetime


@dataclass(frozen=True, slots=True)
class ChainRef:
    id: int
    slug: str
    name_zh: str
    name_en: str


@dataclass(frozen=True, slots=True)
class Quartiles:
    """Monthly CNY offered: 25th percentile, median, 75th percentile."""

    p25: float
    median: float
    p75: float


@dataclass(frozen=True, slots=True)
class Cell:
    """One chain × occupation × level × district of the map (district None: all districts,
    the page's chart cells)."""

    chain: str
    occupation_code: str
    level: str
    district: str | None
    postings: int
    openings: int
    seekers: int
    applications: int
    intentions: int
    salary: Quartiles | None


@dataclass(frozen=True, slots=True)
class FairPoint:
    """One fair of the period: the trend's point."""

    fair: FairRef
    postings: int
    openings: int
    seekers: int
    applications: int
    intentions: int


@dataclass(frozen=True, slots=True)
class OccupationLevel:
    """Demand and supply of one occupation × level over the whole scope (no chain split)."""

    occupation_code: str
    level: str
    postings: int
    openings: int
    seekers: int
    applications: int
    intentions: int
    salary: Quartiles | None


@dataclass(frozen=True, slots=True)
class DemandMap:
    period: Period
    query: DemandQuery
    anonymous: bool
    fairs: tuple[FairRef, ...]
    chains: tuple[ChainRef, ...]
    cells: list[Cell]
    trend: list[FairPoint]
    occupations: list[OccupationLevel]
    districts: dict[str, dict[str, int]]  # postings-side counts per district (no seekers)
    totals: dict[str, int]
    min_seekers: int = MIN_SEEKERS
