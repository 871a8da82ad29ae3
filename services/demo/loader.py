"""Insert the generated demo fair into the database and index it, with progress bars."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.auth.secrets import Role, hash_password, hash_token, new_token
from services.config import Settings
from services.demo.generator import DemoFair, generate_demo_fair
from services.matching.documents import resume_occupation
from services.matching.indexing import upsert_postings, upsert_resumes
from services.models import (
    Application,
    Booth,
    CandidateStage,
    Enterprise,
    Fair,
    Intention,
    Posting,
    Resume,
)
from services.runtime import Runtime, open_runtime

DEMO_PASSWORD = "fairmatch-demo"  # noqa: S105 - documented demo login, development only
CHUNK = 500


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )


async def _insert_returning_ids(
    session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]]
) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        result = await session.scalars(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            list(rows[start : start + CHUNK]),
        )
        ids.extend(result.all())
    return ids


async def store_demo(runtime: Runtime, demo: DemoFair) -> tuple[int, list[int], list[int]]:
    """Write the whole fair in one transaction; returns fair id, posting ids, résumé ids."""
    password_hash = hash_password(DEMO_PASSWORD)
    opened = demo.starts_at
    async with runtime.sessions() as session, session.begin():
        fair = Fair(
            name=demo.name, venue=demo.venue, starts_at=demo.starts_at, ends_at=demo.ends_at
        )
        session.add(fair)
        await session.flush()
        enterprise_ids = await _insert_returning_ids(
            session,
            Enterprise,
            [
                {
                    "name": e.name,
                    "industry": e.industry,
                    "district": e.district,
                    "contact_name": e.contact_name,
                    "contact_phone": e.contact_phone,
                    "username": e.username,
                    "password_hash": password_hash,
                    "token_hash": hash_token(new_token(Role.enterprise)),
                }
                for e in demo.enterprises
            ],
        )
        ent_id = {e.key: i for e, i in zip(demo.enterprises, enterprise_ids, strict=True)}
        await session.execute(
            insert(Booth),
            [
                {"fair_id": fair.id, "enterprise_id": ent_id[e.key], "number": e.booth}
                for e in demo.enterprises
            ],
        )
        posting_ids = await _insert_returning_ids(
            session,
            Posting,
            [
                {
                    "enterprise_id": ent_id[p.enterprise_key],
                    "fair_id": fair.id,
                    "title": p.title,
                    "description": p.description,
                    "requirements": p.requirements,
                    "occupation_code": p.occupation_code,
                    "skill_level": p.skill_level,
                    "education": p.education,
                    "min_years": p.min_years,
                    "certificates": list(p.certificates),
                    "headcount": p.headcount,
                    "salary_min": p.salary_min,
                    "salary_max": p.salary_max,
                    "location": p.location,
                    "created_at": opened - timedelta(days=3),
                }
                for p in demo.postings
            ],
        )
        post_id = {p.key: i for p, i in zip(demo.postings, posting_ids, strict=True)}
        titles = [r.desired_title for r in demo.resumes]
        coded = [resume_occupation(runtime.classifier.probabilities(t)) for t in titles]
        resume_ids = await _insert_returning_ids(
            session,
            Resume,
            [
                {
                    "token_hash": hash_token(new_token(Role.seeker)),
                    "fair_id": fair.id,
                    "name": r.name,
                    "phone": r.phone,
                    "gender": r.gender,
                    "birth_year": r.birth_year,
                    "education": r.education,
                    "school": r.school,
                    "major": r.major,
                    "skill_level": r.skill_level,
                    "certificates": list(r.certificates),
                    "years_experience": r.years_experience,
                    "experience": r.experience,
                    "skills": r.skills,
                    "desired_title": r.desired_title,
                    "desired_location": r.desired_location,
                    "expected_salary": r.expected_salary,
                    "occupation_code": code,
                    "occupation_probs": probs,
                    "open_to_recommendations": r.open_to_recommendations,
                    "language": r.language,
                    "consent_at": opened,
                    "created_at": opened,
                }
                for r, (code, probs) in zip(demo.resumes, coded, strict=True)
            ],
        )
        res_id = {r.key: i for r, i in zip(demo.resumes, resume_ids, strict=True)}
        # An intention is the pipeline's 初步意向 stage: the two agree (as record_intention does).
        intended = {(i.resume_key, i.posting_key) for i in demo.intentions}
        if demo.applications:
            await session.execute(
                insert(Application),
                [
                    {
                        "resume_id": res_id[a.resume_key],
                        "posting_id": post_id[a.posting_key],
                        "stage": CandidateStage.intention
                        if (a.resume_key, a.posting_key) in intended
                        else CandidateStage.new,
                        "created_at": opened + timedelta(minutes=a.minutes_after_open),
                    }
                    for a in demo.applications
                ],
            )
        posting_enterprise = {p.key: ent_id[p.enterprise_key] for p in demo.postings}
        if demo.intentions:
            await session.execute(
                insert(Intention),
                [
                    {
                        "resume_id": res_id[i.resume_key],
                        "posting_id": post_id[i.posting_key],
                        "enterprise_id": posting_enterprise[i.posting_key],
                        "note": i.note,
                        "created_at": opened + timedelta(minutes=i.minutes_after_open),
                    }
                    for i in demo.intentions
                ],
            )
    return fair.id, posting_ids, resume_ids


async def _index_all(
    progress: Progress,
    label: str,
    runtime: Runtime,
    ids: list[int],
    upsert: Callable[[Runtime, Sequence[int]], Awaitable[None]],
) -> float:
    """Embed and index every id in batches; returns the seconds it took."""
    started = time.perf_counter()
    task = progress.add_task(label, total=len(ids))
    for start in range(0, len(ids), 128):
        batch = ids[start : start + 128]
        await upsert(runtime, batch)
        progress.advance(task, len(batch))
    return time.perf_counter() - started


async def load_demo(
    settings: Settings, *, resumes: int, seed: int, if_empty: bool
) -> dict[str, object]:
    """Generate, store and index the demo fair; skip when asked and a fair already exists."""
    async with open_runtime(settings, start_queue=False) as runtime:
        if if_empty:
            async with runtime.sessions() as session:
                if await session.scalar(select(func.count(Fair.id))):
                    return {"loaded": False, "reason": "database already has a fair"}
        demo = generate_demo_fair(resumes=resumes, seed=seed)
        with _progress() as progress:
            stored = progress.add_task("写入数据库 / writing database", total=1)
            started = time.perf_counter()
            fair_id, posting_ids, resume_ids = await store_demo(runtime, demo)
            store_s = time.perf_counter() - started
            progress.advance(stored)
            postings_s = await _index_all(
                progress, "岗位索引 / indexing postings", runtime, posting_ids, upsert_postings
            )
            resumes_s = await _index_all(
                progress, "简历索引 / indexing résumés", runtime, resume_ids, upsert_resumes
            )
    return {
        "loaded": True,
        "fair_id": fair_id,
        "enterprises": len(demo.enterprises),
        "postings": len(posting_ids),
        "resumes": len(resume_ids),
        "applications": len(demo.applications),
        "intentions": len(demo.intentions),
        "seconds": {
            "store": round(store_s, 2),
            "index_postings": round(postings_s, 2),
            "index_resumes": round(resumes_s, 2),
        },
        "demo_login": {"username": demo.enterprises[0].username, "password": DEMO_PASSWORD},
    }
