"""`fairmatch bench`: ingest, embedding throughput and candidate-ranking latency, as JSON."""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from pathlib import Path

from sqlalchemy import func, select

from bench.production import cpu_loop_ms
from matcher.texts import resume_text
from services.app import startup_objects_frozen
from services.config import Environment, SearchKind, Settings
from services.demo.loader import load_demo
from services.exports.build import bench_exports
from services.matching.documents import resume_profile
from services.matching.service import candidates_for_posting
from services.migrate import upgrade
from services.models import Application, Posting, Resume
from services.runtime import open_runtime


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max of latencies in milliseconds."""
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "max": round(ordered[-1], 2),
    }


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


async def run_bench(
    *,
    workdir: Path,
    resumes: int,
    queries: int,
    embedder: str,
    limit: int = 50,
    reuse: bool = False,
) -> dict[str, object]:
    """Load a demo fair with `resumes` résumés into workdir, then time the matcher end to end.

    With `reuse`, a workdir that already holds a fair (from an earlier run) is timed as it is:
    no ingest, so no ingest figures.
    """
    settings = Settings(
        environment=Environment.test,
        database_url=f"sqlite:///{workdir / 'bench.db'}",
        data_dir=workdir,
        search_backend=SearchKind.embedded,
        redis_url=None,
        embedder=embedder,
    )
    upgrade(settings.sync_database_url)
    loaded = await load_demo(
        settings, resumes=resumes, seed=20250301, if_empty=reuse, history=False
    )
    seconds = loaded.get("seconds")
    assert seconds is None or isinstance(seconds, dict)
    gc.collect()  # the ingest's garbage, which a serving process never has
    async with open_runtime(settings, start_queue=False) as runtime:
        async with runtime.sessions() as session:
            posting_ids = list((await session.scalars(select(Posting.id))).all())
            indexed = await session.scalar(select(func.count(Resume.id)))
            sample = list((await session.scalars(select(Resume).limit(500))).all())
        texts = [resume_text(resume_profile(r)) for r in sample]
        started = time.perf_counter()
        await runtime.encode(texts)
        throughput = len(texts) / (time.perf_counter() - started)
        sampler = random.Random(7)
        chosen = sampler.sample(posting_ids, min(queries, len(posting_ids)))
        latencies: list[float] = []
        # CPU of the whole process (its search and database threads too) per ranking: unlike
        # the wall clock, it barely moves when other work shares the machine's cores.
        cpu_times: list[float] = []
        returned = 0
        load_before = _load()
        with startup_objects_frozen():  # as the app serves (services/app.py)
            for posting_id in chosen:
                async with runtime.sessions() as session:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    items = await candidates_for_posting(
                        runtime=runtime, session=session, posting_id=posting_id, limit=limit
                    )
                    latencies.append((time.perf_counter() - started) * 1000)
                    cpu_times.append((time.process_time() - cpu_started) * 1000)
                    returned += len(items)
        load_after = _load()
        async with runtime.sessions() as session:
            busiest = await session.scalar(
                select(Application.posting_id)
                .group_by(Application.posting_id)
                .order_by(func.count(Application.id).desc())
                .limit(1)
            )
        exports = await bench_exports(runtime, busiest or chosen[0], size=500)
    return {
        "resumes": indexed,
        "postings": len(posting_ids),
        "embedder": embedder,
        "reused_workdir": seconds is None,
        "ingest_seconds": seconds,
        "resumes_embedded_and_indexed_per_2000_s": round(
            float(seconds["index_resumes"]) * 2000 / max(resumes, 1), 2
        )
        if seconds
        else None,
        "embedding_texts_per_s": round(throughput, 1),
        "rank_candidates_ms": percentiles(latencies),
        "rank_candidates_cpu_ms": percentiles(cpu_times),
        "rank_queries": len(latencies),
        "candidates_per_query": round(returned / max(len(latencies), 1), 1),
        "candidate_pool": settings.candidate_pool,
        "load_avg_1_5_15_before_ranking": load_before,
        "load_avg_1_5_15_after_ranking": load_after,
        "cpu_loop_ms": cpu_loop_ms(),
        "exports": exports,
    }
