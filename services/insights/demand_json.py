"""The demand map and the shortage catalogue as JSON (the API's bodies and the pages' data)."""

from __future__ import annotations

from typing import Any

from frontend import CHINA
from services.insights.demand_figures import Cell, DemandMap, OccupationLevel, Quartiles
from services.insights.shortages import (
    FAIRLY_SHORT_MULTIPLE,
    MIN_OPENINGS,
    SHORT_MULTIPLE,
    ShortageCatalogue,
    ShortageRow,
)
from services.stats.figures import occupation_group
from services.stats.report import LEVELS, level_label, trade_label


def _salary(found: Quartiles | None) -> dict[str, float] | None:
    if found is None:
        return None
    return {"p25": found.p25, "median": found.median, "p75": found.p75}


def _line(line: Cell | OccupationLevel, lang: str) -> dict[str, Any]:
    return {
        "occupation_code": line.occupation_code,
        "occupation_name": trade_label(line.occupation_code, lang),
        "group": occupation_group(line.occupation_code),
        "group_name": trade_label(occupation_group(line.occupation_code), lang),
        "level": line.level,
        "level_label": level_label(line.level, lang),
        "postings": line.postings,
        "openings": line.openings,
        "seekers": line.seekers,
        "applications": line.applications,
        "intentions": line.intentions,
        "salary": _salary(line.salary),
    }


def _head(demand: DemandMap, lang: str) -> dict[str, Any]:
    return {
        "period": {"from": demand.period.start.isoformat(), "to": demand.period.end.isoformat()},
        "anonymous": demand.anonymous,
        "min_seekers": demand.min_seekers,
        "fairs": [
            {
                "id": fair.id,
                "name": fair.name,
                "starts_at": fair.starts_at.astimezone(CHINA).date().isoformat(),
            }
            for fair in demand.fairs
        ],
    }


def demand_json(demand: DemandMap, lang: str) -> dict[str, Any]:
    """GET /api/insights/demand: cells, occupation × level lines, trend over fairs, totals."""
    names = {c.slug: c.name_en if lang == "en" else c.name_zh for c in demand.chains}
    return _head(demand, lang) | {
        "filters": {
            "fair_id": list(demand.query.fair_ids),
            "chain": demand.query.chain,
            "district": demand.query.district,
        },
        "chains": [{"slug": slug, "name": name} for slug, name in names.items()],
        "levels": [{"key": level, "label": level_label(level, lang)} for level in LEVELS],
        "cells": [
            {
                "chain": cell.chain,
                "chain_name": names.get(cell.chain, "—"),
                "district": cell.district,
            }
            | _line(cell, lang)
            for cell in demand.cells
        ],
        "occupations": [_line(line, lang) for line in demand.occupations],
        "trend": [
            {
                "fair_id": point.fair.id,
                "name": point.fair.name,
                "starts_at": point.fair.starts_at.astimezone(CHINA).date().isoformat(),
                "postings": point.postings,
                "openings": point.openings,
                "seekers": point.seekers,
                "applications": point.applications,
                "intentions": point.intentions,
            }
            for point in demand.trend
        ],
        "districts": [{"district": name} | counts for name, counts in demand.districts.items()],
        "totals": demand.totals,
    }


def shortage_json(row: ShortageRow, lang: str) -> dict[str, Any]:
    """One ranked catalogue row."""
    return {
        "rank": row.rank,
        "grade": row.grade.value,
        "grade_label": row.grade.label_en if lang == "en" else row.grade.label_zh,
        "ratio": row.ratio,
        "relative_index": row.relative,
        "intention_rate": row.intention_rate,
    } | _line(row.line, lang)


def catalogue_json(catalogue: ShortageCatalogue, lang: str) -> dict[str, Any]:
    """GET /api/insights/shortages: the ranked rows and the rules that chose them."""
    return _head(catalogue.demand, lang) | {
        "rules": {
            "index": "openings / seekers",
            "grade": "index / market_ratio",
            "market_ratio": catalogue.market_ratio,
            "short": SHORT_MULTIPLE,
            "fairly_short": FAIRLY_SHORT_MULTIPLE,
            "min_openings": MIN_OPENINGS,
            "min_seekers": catalogue.demand.min_seekers,
        },
        "rows": [shortage_json(row, lang) for row in catalogue.rows],
    }
