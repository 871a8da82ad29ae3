"""After a run: every acknowledged write is in the database, the index and the counters."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import func, select

from search.types import IndexName
from services.config import Settings
from services.db import create_engine, session_factory
from services.matching.reindex import measure_drift
from services.models import Application, Posting, Resume
from services.runtime import open_runtime
from services.stats.rebuild import tally_from_db

CHUNK = 500  # SQLite binds at most 999 parameters per statement


def settings_from_env(env: dict[str, str]) -> Settings:
    """The server's settings, from the environment it was started with."""
    prefix = "FAIRMATCH_"
    fields = {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}
    fields = {k: v for k, v in fields.items() if k in Settings.model_fields}
    return Settings.model_validate(fields)


# The targets on a 2-core machine: a rate to sustain and a latency percentile to hold.
TARGETS: dict[str, dict[str, float]] = {
    "browse": {"per_s": 500, "p95_ms": 50},
    "search": {"per_s": 500, "p95_ms": 50},
    "apply": {"per_s": 300, "p99_ms": 200},
}


def meets(summary: dict[str, Any], target: dict[str, float]) -> bool:
    """Rate at least the target's and the named percentile at most the target's."""
    return all(
        summary.get(name, 0) >= bound if name == "per_s" else summary.get(name, 1e9) <= bound
        for name, bound in target.items()
    )


def latency_summary(samples: Sequence[float], seconds: float) -> dict[str, float]:
    """Count, rate over the active span, and p50/p95/p99/max in milliseconds."""
    if not samples:
        return {"count": 0}
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {
        "count": len(ordered),
        "per_s": round(len(ordered) / max(seconds, 1e-9), 1),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": pick(0.95),
        "p99_ms": pick(0.99),
        "max_ms": round(ordered[-1], 1),
    }


async def application_count(settings: Settings, fair_id: int) -> int:
    """Application rows of the fair's postings."""
    engine = create_engine(settings.async_database_url)
    try:
        async with session_factory(engine)() as session:
            stmt = (
                select(func.count(Application.id))
                .join(Posting, Posting.id == Application.posting_id)
                .where(Posting.fair_id == fair_id)
            )
            return int(await session.scalar(stmt) or 0)
    finally:
        await engine.dispose()


async def counters_agree(
    base_url: str,
    admin_token: str,
    settings: Settings,
    fair_id: int,
    *,
    settle_seconds: float = 30.0,
) -> dict[str, Any]:
    """Live counters (from the running server) against the same totals recomputed from rows.

    Requests the driver gave up on at its deadline may still be between their commit and their
    counter update, so the two are compared until they agree or `settle_seconds` have passed;
    the report says how long agreement took. A counter that never catches up stays a mismatch.
    """
    kinds = ("resume", "application", "download")
    started = time.perf_counter()
    engine = create_engine(settings.async_database_url)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            while True:
                answer = await client.get(
                    f"/api/fairs/{fair_id}/stats/live",
                    headers={"Authorization": f"Bearer {admin_token}"},
                )
                answer.raise_for_status()
                live: dict[str, int] = answer.json()["totals"]
                async with session_factory(engine)() as session:
                    truth = (await tally_from_db(session=session, fair_id=fair_id)).totals
                agree = all(live.get(k, 0) == truth.get(k, 0) for k in kinds)
                waited = time.perf_counter() - started
                if agree or waited >= settle_seconds:
                    break
                await asyncio.sleep(0.5)
    finally:
        await engine.dispose()
    return {
        "live": {k: live.get(k, 0) for k in kinds},
        "from_rows": {k: truth.get(k, 0) for k in kinds},
        "agree": agree,
        "agreed_after_s": round(waited, 1) if agree else None,
    }


async def _chunked_rows(
    settings: Settings, ids: list[int]
) -> tuple[dict[int, tuple[int, int]], set[int], int]:
    engine = create_engine(settings.async_database_url)
    try:
        async with session_factory(engine)() as session:
            found: dict[int, tuple[int, int]] = {}
            for start in range(0, len(ids), CHUNK):
                rows = await session.execute(
                    select(Application.id, Application.resume_id, Application.posting_id).where(
                        Application.id.in_(ids[start : start + CHUNK])
                    )
                )
                found |= {row[0]: (row[1], row[2]) for row in rows}
            resumes = set((await session.scalars(select(Resume.id))).all())
            duplicates = await session.scalar(
                select(func.count()).select_from(
                    select(Application.resume_id, Application.posting_id)
                    .group_by(Application.resume_id, Application.posting_id)
                    .having(func.count() > 1)
                    .subquery()
                )
            )
    finally:
        await engine.dispose()
    return found, resumes, int(duplicates or 0)


async def stored_and_indexed(
    settings: Settings,
    *,
    applications: list[dict[str, int]],
    resumes: list[int],
    rows_before: int,
    fair_id: int,
    applications_cut: int = 0,
) -> dict[str, Any]:
    """Check the database and the index; run with the server stopped (its queue drained).

    Applications cut in flight at the deadline got no answer: each may or may not be a row, so
    rows added lie between the 201s and the 201s plus those cut.
    """
    found, resume_rows, duplicates = await _chunked_rows(
        settings, sorted({a["id"] for a in applications})
    )
    mismatched = sum(
        1
        for a in applications
        if a["id"] in found and found[a["id"]] != (a["resume_id"], a["posting_id"])
    )
    created = sum(1 for a in applications if a["status"] == 201)
    rows_after = await application_count(settings, fair_id)
    async with open_runtime(settings, start_queue=False) as runtime:
        indexed = await runtime.search.all_ids(IndexName.resumes)
        drift = await measure_drift(runtime, IndexName.resumes)
    return {
        "applications_acknowledged": len(applications),
        "applications_created_201": created,
        "applications_repeat_200": len(applications) - created,
        "applications_lost": sum(1 for a in applications if a["id"] not in found),
        "applications_mismatched": mismatched,
        "application_rows_added": rows_after - rows_before,
        "rows_added_equals_201": rows_after - rows_before == created,
        "applications_cut_in_flight": applications_cut,
        "rows_added_within_201_and_cut": created
        <= rows_after - rows_before
        <= created + applications_cut,
        "duplicate_pairs": duplicates,
        "resumes_acknowledged": len(resumes),
        "resumes_lost": sum(1 for r in resumes if r not in resume_rows),
        "resumes_missing_from_index": sum(1 for r in resumes if r not in indexed),
        "resume_index_drift": drift.to_dict(),
    }
