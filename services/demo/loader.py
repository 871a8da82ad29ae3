"""Insert the generated demo fair into the database and index it, with progress bars."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.auth.secrets import Role, hash_password, hash_token, new_token
from services.config import Settings
from services.demo.generator import DemoEnterprise, DemoFair, generate_demo_fair
from services.demo.records import DemoSeries
from services.demo.series import generate_demo_series
from services.insights.chains_catalogue import assign_by_industry
from services.matching.documents import (
    posting_occupation,
    resume_occupation,
    title_distributions,
)
from services.matching.indexing import upsert_postings, upsert_resumes
from services.models import (
    Application,
    Booth,
    CandidateStage,
    Chain,
    Enterprise,
    EnterpriseChain,
    Fair,
    GradeMapping,
    GradeSource,
    Intention,
    Posting,
    PostingStatus,
    Resume,
    School,
    TrainingProvider,
)
from services.runtime import Runtime, open_runtime

DEMO_PASSWORD = "fairmatch-demo"  # noqa: S105 - documented demo login, development only
CHUNK = 500
# (chain slug, word in the firm's name): demo firms placed in a chain beyond their industry's.
DEMO_NAME_CHAINS = (("industrial-robots", "自动化"), ("carbon-materials", "材料"))


@dataclass
class StoredSeries:
    """What store_series wrote: fair ids (oldest first), posting and résumé ids, school tokens."""

    fair_ids: list[int] = field(default_factory=list)
    posting_ids: list[int] = field(default_factory=list)
    resume_ids: list[int] = field(default_factory=list)
    school_tokens: dict[str, str] = field(default_factory=dict)


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


def _enterprise_rows(
    enterprises: Sequence[DemoEnterprise], password_hash: str
) -> list[dict[str, Any]]:
    return [
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
        for e in enterprises
    ]


async def _store_enterprises(
    session: AsyncSession, enterprises: Sequence[DemoEnterprise]
) -> dict[int, int]:
    """Insert the firms (each key once) and place them in their industry's chains: key → id."""
    ids = await _insert_returning_ids(
        session, Enterprise, _enterprise_rows(enterprises, hash_password(DEMO_PASSWORD))
    )
    await session.run_sync(lambda sync: assign_by_industry(sync.connection(), enterprise_ids=ids))
    # Edits an organizer would make, done for the demo: automation-equipment makers also build
    # robot cells, (polymer) materials firms also supply carbon-fibre composites.
    chain_ids = dict((await session.execute(select(Chain.slug, Chain.id))).all())
    extra = [
        {"enterprise_id": i, "chain_id": chain_ids[slug]}
        for e, i in zip(enterprises, ids, strict=True)
        for slug, word in DEMO_NAME_CHAINS
        if word in e.name and slug in chain_ids
    ]
    if extra:
        await session.execute(insert(EnterpriseChain), extra)
    return {e.key: i for e, i in zip(enterprises, ids, strict=True)}


async def _store_fair(
    session: AsyncSession,
    runtime: Runtime,
    demo: DemoFair,
    ent_id: dict[int, int],
    school_id: dict[str, int],
) -> tuple[int, list[int], list[int]]:
    """One fair with its booths, postings, résumés, applications and intentions."""
    opened = demo.starts_at
    fair = Fair(name=demo.name, venue=demo.venue, starts_at=demo.starts_at, ends_at=demo.ends_at)
    session.add(fair)
    await session.flush()
    await session.execute(
        insert(Booth),
        [
            {"fair_id": fair.id, "enterprise_id": ent_id[e.key], "number": e.booth}
            for e in demo.enterprises
        ],
    )
    status = PostingStatus.closed if demo.closed else PostingStatus.open
    found = await title_distributions(runtime, [p.title for p in demo.postings])
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
                # A demo firm names its trade's code: the firm's, kept across retrains.
                **posting_occupation(distribution, code=p.occupation_code).columns(),
                "skill_level": p.skill_level,
                "firm_grade": p.firm_grade,
                "education": p.education,
                "min_years": p.min_years,
                "certificates": list(p.certificates),
                "headcount": p.headcount,
                "salary_min": p.salary_min,
                "salary_max": p.salary_max,
                "location": p.location,
                "status": status,
                "created_at": opened,  # posted when the fair opens: demand at this fair
            }
            for p, distribution in zip(demo.postings, found, strict=True)
        ],
    )
    post_id = {p.key: i for p, i in zip(demo.postings, posting_ids, strict=True)}
    titles = [r.desired_title for r in demo.resumes]
    coded = [resume_occupation(p) for p in runtime.classifier.probabilities_many(titles)]
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
                "school_id": school_id.get(r.school),
                "share_with_school": r.share_with_school,
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


async def store_demo(runtime: Runtime, demo: DemoFair) -> tuple[int, list[int], list[int]]:
    """Write the whole fair in one transaction; returns fair id, posting ids, résumé ids."""
    async with runtime.sessions() as session, session.begin():
        ent_id = await _store_enterprises(session, demo.enterprises)
        return await _store_fair(session, runtime, demo, ent_id, {})


async def _store_schools(
    session: AsyncSession, series: DemoSeries
) -> tuple[dict[str, int], dict[str, str]]:
    """Schools with a fresh token each (name → id, name → token, shown once) and providers."""
    tokens = {school.name: new_token(Role.school) for school in series.schools}
    ids = await _insert_returning_ids(
        session,
        School,
        [
            {
                "name": s.name,
                "token_hash": hash_token(tokens[s.name]),
                "majors": list(s.majors),
                "occupation_codes": list(s.occupation_codes),
            }
            for s in series.schools
        ],
    )
    if series.providers:
        await session.execute(
            insert(TrainingProvider),
            [
                {
                    "name": p.name,
                    "address": p.address,
                    "phone": p.phone,
                    "courses": list(p.courses),
                    "certificates": list(p.certificates),
                }
                for p in series.providers
            ],
        )
    return {s.name: i for s, i in zip(series.schools, ids, strict=True)}, tokens


async def store_series(runtime: Runtime, series: DemoSeries) -> StoredSeries:
    """Write every fair of the series, the firms once each (with their chains and grade
    mappings), schools and providers, in one transaction."""
    firms: dict[int, DemoEnterprise] = {}
    for fair in sorted(series.fairs, key=lambda f: not f.closed):  # the main fair's firms first
        for e in fair.enterprises:
            firms.setdefault(e.key, e)
    stored = StoredSeries()
    async with runtime.sessions() as session, session.begin():
        ent_id = await _store_enterprises(session, list(firms.values()))
        school_id, stored.school_tokens = await _store_schools(session, series)
        for fair in series.fairs:
            fair_id, posting_ids, resume_ids = await _store_fair(
                session, runtime, fair, ent_id, school_id
            )
            stored.fair_ids.append(fair_id)
            stored.posting_ids.extend(posting_ids)
            stored.resume_ids.extend(resume_ids)
        if series.grade_mappings:
            await session.execute(
                insert(GradeMapping),
                [
                    {
                        "enterprise_id": ent_id[m.enterprise_key],
                        "grade_name": m.grade_name,
                        "skill_level": m.skill_level,
                        "source": GradeSource.firm if m.confirmed else GradeSource.guess,
                    }
                    for m in series.grade_mappings
                ],
            )
    return stored


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
    settings: Settings, *, resumes: int, seed: int, if_empty: bool, history: bool = True
) -> dict[str, object]:
    """Generate, store and index the demo fair (with history: five earlier fairs too); skip
    when asked and a fair already exists."""
    async with open_runtime(settings, start_queue=False) as runtime:
        if if_empty:
            async with runtime.sessions() as session:
                if await session.scalar(select(func.count(Fair.id))):
                    return {"loaded": False, "reason": "database already has a fair"}
        if history:
            series = generate_demo_series(resumes=resumes, seed=seed)
        else:
            series = DemoSeries([generate_demo_fair(resumes=resumes, seed=seed)], [], [], [])
        with _progress() as progress:
            stored_task = progress.add_task("写入数据库 / writing database", total=1)
            started = time.perf_counter()
            stored = await store_series(runtime, series)
            store_s = time.perf_counter() - started
            progress.advance(stored_task)
            postings_s = await _index_all(
                progress,
                "岗位索引 / indexing postings",
                runtime,
                stored.posting_ids,
                upsert_postings,
            )
            resumes_s = await _index_all(
                progress, "简历索引 / indexing résumés", runtime, stored.resume_ids, upsert_resumes
            )
    main = series.fairs[-1]
    return {
        "loaded": True,
        "fair_id": stored.fair_ids[-1],
        "fairs": len(stored.fair_ids),
        "enterprises": len(main.enterprises),
        "postings": len(main.postings),
        "resumes": len(main.resumes),
        "applications": len(main.applications),
        "intentions": len(main.intentions),
        "all_fairs": {
            "enterprises": len({e.key for f in series.fairs for e in f.enterprises}),
            "postings": len(stored.posting_ids),
            "resumes": len(stored.resume_ids),
            "grade_mappings": len(series.grade_mappings),
        },
        "seconds": {
            "store": round(store_s, 2),
            "index_postings": round(postings_s, 2),
            "index_resumes": round(resumes_s, 2),
        },
        "demo_login": {"username": main.enterprises[0].username, "password": DEMO_PASSWORD},
        "school_logins": stored.school_tokens,
    }
