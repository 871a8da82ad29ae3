"""The fair report (figures from the database rows) and the talent demand map.

Rendered by `report_xlsx` and `report_pdf`; the intentions list carries no personal contact data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import t
from matcher.csco import occupations_by_code
from matcher.domain import SkillLevel
from services.db import utcnow
from services.fairs.service import get_fair
from services.models import Booth, Enterprise, Intention, Posting, Resume
from services.stats.counters import FAIR_TIMEZONE, Tally
from services.stats.events import EventKind
from services.stats.figures import (
    UNCLASSIFIED,
    DemandSupply,
    demand_supply,
    fair_booths,
    occupation_group,
)
from services.stats.rebuild import tally_from_db

# The report counts résumés downloaded (what fairs publish: "企业下载简历1200余份"); the number
# of files is a dashboard figure.
KINDS = tuple(kind for kind in EventKind if kind is not EventKind.download_file)
LEVELS = (*(level.value for level in SkillLevel), UNCLASSIFIED)


def level_label(level: str, lang: str) -> str:
    """A skill level's label, "unspecified" for "-"."""
    if level == UNCLASSIFIED:
        return t("dash.level.unspecified", lang)
    member = SkillLevel(level)
    return member.label_en if lang == "en" else member.label_zh


def trade_label(code: str, lang: str) -> str:
    """An occupation's (or group's) CSCO 2022 name."""
    found = occupations_by_code().get(code)
    return found.display_name if found else t("dash.trade.unclassified", lang)


def ratio(numerator: int, denominator: int) -> float:
    """numerator ÷ denominator rounded to 4 places, 0 when nothing to divide by."""
    return round(numerator / denominator, 4) if denominator else 0.0


def local_time(at: datetime) -> str:
    """A moment in the fair's time zone, to the minute."""
    return at.astimezone(FAIR_TIMEZONE).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class EnterpriseLine:
    booth: str
    name: str
    industry: str
    postings: int
    openings: int
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class GapLine:
    """Demand versus supply (and what happened) for one trade or one skill level."""

    key: str
    label: str
    demand: int
    supply: int
    applications: int
    intentions: int

    @property
    def gap(self) -> int:
        return self.supply - self.demand


@dataclass(frozen=True, slots=True)
class IntentionLine:
    """One preliminary intention: no name, phone or note of the seeker."""

    at: str
    booth: str
    enterprise: str
    posting: str
    trade: str
    level: str
    candidate: str
    education: str


@dataclass
class FairReport:
    """Everything the XLSX and PDF reports show, in one language."""

    lang: str
    fair_name: str
    venue: str
    period: tuple[str, str]
    generated_at: str
    totals: dict[str, int]
    rates: dict[str, float]
    enterprises_count: int
    openings: int
    enterprises: list[EnterpriseLine] = field(default_factory=list)
    trades: list[GapLine] = field(default_factory=list)
    levels: list[GapLine] = field(default_factory=list)
    hours: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    intentions: list[IntentionLine] = field(default_factory=list)

    def t(self, key: str, **params: Any) -> str:
        """A catalog string in the report's language."""
        return t(key, self.lang, **params)


# Rates that are shares (shown as 55.7 %); the others are averages per résumé (shown as 1.75).
PERCENT_RATES = frozenset({"intentions_per_resume", "intentions_per_application"})


def rate_text(name: str, value: float) -> str:
    """A rate as people read it: 55.7 % for a share, 1.75 for an average."""
    return f"{value * 100:.1f} %" if name in PERCENT_RATES else f"{value:.2f}"


def rates(totals: dict[str, int]) -> dict[str, float]:
    """The conversion rates the dashboard and the report show."""
    return {
        "applications_per_resume": ratio(totals["application"], totals["resume"]),
        "intentions_per_resume": ratio(totals["intention"], totals["resume"]),
        "intentions_per_application": ratio(totals["intention"], totals["application"]),
    }


def _gap_lines(
    keys: list[str], ds: DemandSupply, tally: Tally, dimension: str, label: Any
) -> list[GapLine]:
    side = "code" if dimension == "occupation" else "level"
    return [
        GapLine(
            key=key,
            label=label(key),
            demand=ds.total("demand", **{side: key}),
            supply=ds.total("supply", **{side: key}),
            applications=tally.count(dimension, EventKind.application, key),
            intentions=tally.count(dimension, EventKind.intention, key),
        )
        for key in keys
    ]


async def build_report(*, session: AsyncSession, fair_id: int, lang: str) -> FairReport:
    """Gather a fair's report from its rows (the counters' own source of truth)."""
    fair = await get_fair(session=session, fair_id=fair_id)
    tally = await tally_from_db(session=session, fair_id=fair_id)
    booths = await fair_booths(session=session, fair_id=fair_id)
    ds = await demand_supply(session=session, fair_id=fair_id)
    report = FairReport(
        lang=lang,
        fair_name=fair.name,
        venue=fair.venue,
        period=(local_time(fair.starts_at), local_time(fair.ends_at)),
        generated_at=local_time(utcnow()),
        totals={kind.value: tally.totals.get(kind, 0) for kind in KINDS},
        rates=rates(tally.totals),
        enterprises_count=len(booths),
        openings=sum(booth.openings for booth in booths),
    )
    report.enterprises = [
        EnterpriseLine(
            booth=booth.number,
            name=booth.name,
            industry=booth.industry,
            postings=booth.postings,
            openings=booth.openings,
            counts={k: tally.count("enterprise", k, str(booth.enterprise_id)) for k in KINDS},
        )
        for booth in booths
    ]
    trade_codes = sorted(
        set(ds.codes()) | set(tally.breakdowns.get("occupation", {}).get("application", {})),
        key=lambda code: (-ds.total("demand", code=code), code),
    )
    report.trades = _gap_lines(
        trade_codes, ds, tally, "occupation", lambda code: trade_label(code, lang)
    )
    report.levels = _gap_lines(
        list(LEVELS), ds, tally, "level", lambda level: level_label(level, lang)
    )
    hours = sorted({hour for kinds in tally.breakdowns.get("hour", {}).values() for hour in kinds})
    report.hours = [(hour, {k: tally.count("hour", k, hour) for k in KINDS}) for hour in hours]
    report.intentions = await _intentions(session, fair_id, lang)
    return report


async def _intentions(session: AsyncSession, fair_id: int, lang: str) -> list[IntentionLine]:
    rows = await session.execute(
        select(
            Intention.created_at,
            Booth.number,
            Enterprise.name,
            Posting.title,
            Posting.occupation_code,
            Posting.skill_level,
            Resume.id,
            Resume.education,
        )
        .join(Posting, Posting.id == Intention.posting_id)
        .join(Enterprise, Enterprise.id == Intention.enterprise_id)
        .join(Resume, Resume.id == Intention.resume_id)
        .outerjoin(Booth, (Booth.enterprise_id == Enterprise.id) & (Booth.fair_id == fair_id))
        .where(Posting.fair_id == fair_id)
        .order_by(Intention.created_at, Intention.id)
    )
    return [
        IntentionLine(
            at=local_time(at),
            booth=booth or "",
            enterprise=enterprise,
            posting=title,
            trade=trade_label(code or UNCLASSIFIED, lang),
            level=level_label(level.value if level else UNCLASSIFIED, lang),
            candidate=f"R{resume_id:06d}",
            education=education.label_en if lang == "en" else education.label_zh,
        )
        for at, booth, enterprise, title, code, level, resume_id, education in rows
    ]


def demand_map(ds: DemandSupply, lang: str) -> dict[str, Any]:
    """The heat map's data: groups × levels and, for drill-down, trades × levels."""

    def rows(table: DemandSupply, *, with_group: bool) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "name": trade_label(code, lang),
                "group": occupation_group(code) if with_group else code,
                "postings": table.postings.get(code, 0),
                "demand": {lv: table.demand.get((code, lv), 0) for lv in LEVELS},
                "supply": {lv: table.supply.get((code, lv), 0) for lv in LEVELS},
            }
            for code in table.codes()
        ]

    return {
        "levels": [{"key": level, "label": level_label(level, lang)} for level in LEVELS],
        "groups": rows(ds.by_group(), with_group=False),
        "trades": rows(ds, with_group=True),
    }
