"""Skill-gap guidance on the demo fair (2,300 postings): `python -m bench.skill_gaps_bench`.

Loads the demo into a temporary SQLite database and embedded index, then times
services/training/skill_gaps.skill_gaps (vector search, posting rows, the matcher's re-scoring of
every candidate step, providers) for random résumés; prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from sqlalchemy import func, select

from bench.ingest_rank import percentiles
from services.config import Environment, SearchKind, Settings
from services.demo.loader import load_demo
from services.migrate import upgrade
from services.models import Posting, PostingStatus, Resume
from services.runtime import open_runtime
from services.training.skill_gaps import skill_gaps


async def run(workdir: Path, resumes: int, samples: int) -> dict[str, object]:
    """Load the demo, then time the guidance for `samples` résumés."""
    settings = Settings(
        environment=Environment.test,
        database_url=f"sqlite:///{workdir / 'bench.db'}",
        data_dir=workdir,
        search_backend=SearchKind.embedded,
        redis_url=None,
    )
    upgrade(settings.sync_database_url)
    started = time.perf_counter()
    await load_demo(settings, resumes=resumes, seed=20250301, if_empty=True)
    load_s = time.perf_counter() - started
    async with open_runtime(settings, start_queue=False) as runtime:
        async with runtime.sessions() as session:
            open_postings = await session.scalar(
                select(func.count(Posting.id)).where(Posting.status == PostingStatus.open)
            )
            ids = list(await session.scalars(select(Resume.id)))
        chosen = random.Random(7).sample(ids, min(samples, len(ids)))
        async with runtime.sessions() as session:  # load the models once, untimed
            warm = await session.get(Resume, ids[0])
            assert warm is not None
            await skill_gaps(runtime=runtime, session=session, resume=warm)
        timings: list[float] = []
        cpu: list[float] = []  # CPU time of this process (every thread): what load cannot inflate
        considered: list[int] = []
        steps: list[int] = []
        unlocks: list[int] = []
        for resume_id in chosen:
            async with runtime.sessions() as session:
                resume = await session.get(Resume, resume_id)
                assert resume is not None
                begun, begun_cpu = time.perf_counter(), time.process_time()
                found = await skill_gaps(runtime=runtime, session=session, resume=resume)
                timings.append((time.perf_counter() - begun) * 1000)
                cpu.append((time.process_time() - begun_cpu) * 1000)
            considered.append(found.postings_considered)
            steps.append(len(found.items))
            unlocks.extend(item.unlocks for item in found.items)
    return {
        "bench": "skill_gaps",
        "open_postings": open_postings,
        "postings_considered_max": max(considered),
        "resumes_timed": len(chosen),
        "ms": percentiles(timings),
        "cpu_ms": percentiles(cpu),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
        "steps_per_resume_mean": round(sum(steps) / len(steps), 2),
        "resumes_with_a_step": sum(1 for s in steps if s),
        "unlocks_per_step_median": sorted(unlocks)[len(unlocks) // 2] if unlocks else 0,
        "demo_load_s": round(load_s, 1),
    }


def main() -> None:
    """Parse arguments, run, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resumes", type=int, default=200, help="demo résumés to load")
    parser.add_argument("--samples", type=int, default=50, help="résumés to time")
    parser.add_argument("--workdir", help="keep (and reuse) the demo data here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fairmatch-gaps-") as tmp:
        folder = Path(args.workdir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        result = asyncio.run(run(folder, args.resumes, args.samples))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
