"""How long the shortage catalogue and the demand map take on a city's worth of fairs.

`python -m bench.catalogue_bench --postings 100000 [--postgres postgresql://127.0.0.1/postgres]`

Fills a scratch database (a temporary SQLite file; with --postgres also a scratch PostgreSQL
database, created and dropped) by bulk inserts: 24 fairs over two years, firms in 7 districts and
8 chains, `postings` postings, as many résumés, two applications per résumé and an intention per
ten. Then times what `fairmatch catalogue` does (the grouped queries, then the XLSX and the PDF)
and the demand map of the organizer (every cell) and of the public (k-rule). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from sqlalchemy import Table, create_engine, delete

from bench.scratch_database import scratch_postgres
from matcher.csco import occupations_by_code
from matcher.domain import Education, SkillLevel
from services.config import to_async_url
from services.db import create_engine as create_async_engine
from services.db import session_factory
from services.insights.catalogue import catalogue_pdf, catalogue_xlsx
from services.insights.demand import build_demand_map
from services.insights.demand_query import DemandQuery, Period
from services.insights.shortages import shortage_catalogue
from services.migrate import upgrade
from services.models import (
    Application,
    Chain,
    Enterprise,
    EnterpriseChain,
    Fair,
    Intention,
    Posting,
    Resume,
)

DISTRICTS = ("武进区", "新北区", "天宁区", "钟楼区", "金坛区", "溧阳市", "经开区")
FAIRS, FIRMS, CHAINS, CODES = 24, 2_000, 8, 300
BATCH = 10_000
FIRST_DAY = date(2024, 1, 6)
PERIOD = Period(date(2024, 1, 1), date(2025, 12, 31))


def _insert(connection: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[start : start + BATCH])


def fill(url: str, *, postings: int, seed: int = 21) -> dict[str, int]:
    """Bulk-insert the scratch city; the counts of what went in."""
    pick = random.Random(seed)
    codes = sorted(code for code in occupations_by_code() if code.count("-") == 3)
    codes = [codes[i] for i in sorted(pick.sample(range(len(codes)), CODES))]
    levels = list(SkillLevel)
    weights = [1 / (rank + 1) for rank in range(len(codes))]  # a few trades hire most, as in life

    def code() -> str:
        return pick.choices(codes, weights)[0]

    now = datetime(2026, 1, 1, tzinfo=UTC)
    engine = create_engine(url)
    with engine.begin() as connection:
        _insert(
            connection,
            Fair.__table__,  # type: ignore[arg-type]
            [
                {
                    "id": i + 1,
                    "name": f"常州技能人才招聘会 第{i + 1}场",
                    "venue": "常州人力资源市场",
                    "starts_at": datetime.combine(
                        FIRST_DAY + timedelta(days=30 * i), datetime.min.time(), UTC
                    ),
                    "ends_at": datetime.combine(
                        FIRST_DAY + timedelta(days=30 * i), datetime.min.time(), UTC
                    )
                    + timedelta(hours=4),
                    "created_at": now,
                }
                for i in range(FAIRS)
            ],
        )
        # Migration 0009 seeded Changzhou's chains; the scratch city has its own eight.
        connection.execute(delete(EnterpriseChain))
        connection.execute(delete(Chain))
        _insert(
            connection,
            Chain.__table__,  # type: ignore[arg-type]
            [
                {
                    "id": i + 1,
                    "slug": f"chain-{i + 1}",
                    "name_zh": f"产业链{i + 1}",
                    "name_en": f"Chain {i + 1}",
                    "industries": [],
                    "occupation_codes": [],
                    "source": "",
                    "position": i,
                    "created_at": now,
                }
                for i in range(CHAINS)
            ],
        )
        _insert(
            connection,
            Enterprise.__table__,  # type: ignore[arg-type]
            [
                {
                    "id": i + 1,
                    "name": f"常州企业{i + 1}",
                    "industry": "制造业",
                    "district": DISTRICTS[i % len(DISTRICTS)],
                    "contact_name": "",
                    "contact_phone": "",
                    "username": f"firm{i + 1}",
                    "password_hash": None,
                    "token_hash": f"{i + 1:064d}",
                    "created_at": now,
                }
                for i in range(FIRMS)
            ],
        )
        memberships = {(firm, pick.randrange(CHAINS) + 1) for firm in range(1, FIRMS + 1)}
        memberships |= {(pick.randrange(FIRMS) + 1, pick.randrange(CHAINS) + 1) for _ in range(600)}
        _insert(
            connection,
            EnterpriseChain.__table__,  # type: ignore[arg-type]
            [{"enterprise_id": firm, "chain_id": chain} for firm, chain in sorted(memberships)],
        )
        rows = []
        for i in range(postings):
            low = pick.randrange(40, 120) * 100
            rows.append(
                {
                    "id": i + 1,
                    "enterprise_id": pick.randrange(FIRMS) + 1,
                    "fair_id": pick.randrange(FAIRS) + 1,
                    "title": "岗位",
                    "description": "",
                    "requirements": "",
                    "occupation_code": code(),
                    "skill_level": pick.choice(levels).value,
                    "education": None,
                    "min_years": 0,
                    "certificates": [],
                    "headcount": pick.randint(1, 20),
                    "salary_min": low,
                    "salary_max": low + pick.randrange(0, 40) * 100,
                    "location": "",
                    "firm_grade": "",
                    "status": pick.choice(("open", "closed")),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        _insert(connection, Posting.__table__, rows)  # type: ignore[arg-type]
        resumes = postings
        _insert(
            connection,
            Resume.__table__,  # type: ignore[arg-type]
            [
                {
                    "id": i + 1,
                    "token_hash": f"r{i + 1:063d}",
                    "fair_id": pick.randrange(FAIRS) + 1,
                    "name": "求职者",
                    "phone": f"139{i:08d}",
                    "education": Education.secondary_vocational.value,
                    "occupation_code": code(),
                    "skill_level": pick.choice(levels[1:4]).value,
                    "certificates": [],
                    "consent_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(resumes)
            ],
        )
        applied = {
            (pick.randrange(resumes) + 1, pick.randrange(postings) + 1) for _ in range(2 * resumes)
        }
        _insert(
            connection,
            Application.__table__,  # type: ignore[arg-type]
            [
                {"resume_id": r, "posting_id": p, "created_at": now, "updated_at": now}
                for r, p in sorted(applied)
            ],
        )
        intended = sorted(applied)[::10]
        _insert(
            connection,
            Intention.__table__,  # type: ignore[arg-type]
            [
                {"resume_id": r, "posting_id": p, "enterprise_id": 1, "created_at": now}
                for r, p in intended
            ],
        )
    engine.dispose()
    return {
        "fairs": FAIRS,
        "enterprises": FIRMS,
        "postings": postings,
        "resumes": resumes,
        "applications": len(applied),
        "intentions": len(intended),
    }


async def measure(url: str) -> dict[str, Any]:
    """Seconds for the catalogue (queries, XLSX, PDF) and the demand maps."""
    engine = create_async_engine(to_async_url(url))
    sessions = session_factory(engine)
    timings: dict[str, Any] = {}
    try:
        async with sessions() as session:
            started = time.perf_counter()
            catalogue = await shortage_catalogue(session=session, query=DemandQuery(PERIOD))
            queried = time.perf_counter()
            xlsx = catalogue_xlsx(catalogue, "zh-CN")
            written = time.perf_counter()
            pdf = catalogue_pdf(catalogue, "zh-CN")
            done = time.perf_counter()
            timings["catalogue"] = {
                "rows": len(catalogue.rows),
                "query_s": round(queried - started, 2),
                "xlsx_s": round(written - queried, 2),
                "pdf_s": round(done - written, 2),
                "xlsx_plus_pdf_total_s": round(done - started, 2),
                "xlsx_bytes": len(xlsx),
                "pdf_bytes": len(pdf),
            }
            for name, anonymous in (("demand_map_organizer", False), ("demand_map_public", True)):
                started = time.perf_counter()
                found = await build_demand_map(
                    session=session, query=DemandQuery(PERIOD), anonymous=anonymous
                )
                timings[name] = {
                    "cells": len(found.cells),
                    "seconds": round(time.perf_counter() - started, 2),
                }
    finally:
        await engine.dispose()
    return timings


def run(url: str, *, postings: int) -> dict[str, Any]:
    upgrade(url)
    started = time.perf_counter()
    counts = fill(url, postings=postings)
    filled = round(time.perf_counter() - started, 1)
    return {"rows": counts, "fill_s": filled} | asyncio.run(measure(url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument(
        "--postgres", help="a PostgreSQL server URL to create a scratch database on"
    )
    args = parser.parse_args()
    result: dict[str, Any] = {"postings": args.postings}
    with tempfile.TemporaryDirectory(prefix="fairmatch-catalogue-") as tmp:
        result["sqlite"] = run(f"sqlite:///{Path(tmp) / 'bench.db'}", postings=args.postings)
    if args.postgres:
        with scratch_postgres(args.postgres, "fairmatch_catalogue_bench") as scratch:
            result["postgresql"] = run(scratch, postings=args.postings)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
