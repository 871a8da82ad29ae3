"""A small city of three fairs over two years for the insights tests, and its raw rows.

Fairs: 2025 spring (A), 2025 autumn (B), 2026 spring (C). Chains: nev (firms a1, a2), equip
(a2, b1); b2 and c1 belong to none. Per fair and occupation × level, the seekers are:

| occupation × level     | A | B | C | openings A+B |
| 车工 intermediate      | 6 | 5 | 7 | 30           |
| 焊工 senior            | 2 | 3 | 0 | 10           |  5 seekers, but no fair reaches 5
| 电工 junior            | 5 | 1 | 0 | 8            |
| 装配钳工 senior        | 0 | 5 | 0 | 5            |
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update

from services.models import (
    Application,
    ApplicationStatus,
    Chain,
    Enterprise,
    EnterpriseChain,
    Fair,
    Intention,
    Posting,
    Resume,
)
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

LATHE, WELDER, ELECTRICIAN, FITTER = "6-18-01-01", "6-18-02-04", "6-31-01-03", "6-20-01-01"
TITLES = {LATHE: "数控车工", WELDER: "焊工", ELECTRICIAN: "电工", FITTER: "装配钳工"}
PERIOD_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


@dataclass
class City:
    fairs: dict[str, int]
    firms: dict[str, int]
    postings: dict[str, int]


def _fair(day: str) -> dict[str, str]:
    return {"starts_at": f"{day}T08:30:00+08:00", "ends_at": f"{day}T12:00:00+08:00"}


async def build_city(api: Api) -> City:
    fairs = {
        "A": await make_fair(api, name="2025 春季招聘会", **_fair("2025-03-01")),
        "B": await make_fair(api, name="2025 秋季招聘会", **_fair("2025-09-06")),
        "C": await make_fair(api, name="2026 春季招聘会", **_fair("2026-03-07")),
    }
    firms: dict[str, dict[str, Any]] = {}
    for key, fair, district in (
        ("a1", "A", "武进区"),
        ("a2", "A", "新北区"),
        ("b1", "B", "武进区"),
        ("b2", "B", "天宁区"),
        ("c1", "C", "武进区"),
    ):
        firms[key] = await make_enterprise(
            api, fairs[fair], name=f"常州{key}制造有限公司", district=district
        )
    postings: dict[str, int] = {}
    for key, firm, fair, code, level, headcount, low, high in (
        ("a1-lathe", "a1", "A", LATHE, "intermediate", 12, 7000, 9000),
        ("a1-welder", "a1", "A", WELDER, "senior", 6, 8000, 12000),
        ("a2-lathe", "a2", "A", LATHE, "intermediate", 8, 6000, 8000),
        ("a2-electrician", "a2", "A", ELECTRICIAN, "junior", 8, 5000, 6000),
        ("b1-lathe", "b1", "B", LATHE, "intermediate", 10, 7500, 9500),
        ("b1-fitter", "b1", "B", FITTER, "senior", 5, 6500, 8500),
        ("b2-welder", "b2", "B", WELDER, "senior", 4, 9000, 11000),
        ("c1-lathe", "c1", "C", LATHE, "intermediate", 20, 8000, 9000),
    ):
        created = await make_posting(
            api,
            firms[firm]["token"],
            fairs[fair],
            title=TITLES[code],
            occupation_code=code,
            skill_level=level,
            headcount=headcount,
            salary_min=low,
            salary_max=high,
        )
        postings[key] = created["id"]
    seekers = (
        ("A", LATHE, "intermediate", 6),
        ("A", WELDER, "senior", 2),
        ("A", ELECTRICIAN, "junior", 5),
        ("B", LATHE, "intermediate", 5),
        ("B", WELDER, "senior", 3),
        ("B", ELECTRICIAN, "junior", 1),
        ("B", FITTER, "senior", 5),
        ("C", LATHE, "intermediate", 7),
    )
    created_ids: list[tuple[int, str]] = []
    for fair, code, level, n in seekers:
        for _ in range(n):
            made = await make_resume(
                api, fair_id=fairs[fair], desired_title=TITLES[code], skill_level=level
            )
            created_ids.append((made["id"], code))
    async with api.runtime.sessions() as session:
        for resume_id, code in created_ids:  # the classifier's guess is not under test here
            await session.execute(
                update(Resume).where(Resume.id == resume_id).values(occupation_code=code)
            )
        nev = Chain(slug="nev", name_zh="新能源汽车及汽车核心零部件", name_en="New energy vehicles")
        equip = Chain(slug="equip", name_zh="智能装备", name_en="Intelligent equipment", position=1)
        session.add_all([nev, equip])
        await session.flush()
        for firm, chain in (("a1", nev), ("a2", nev), ("a2", equip), ("b1", equip)):
            session.add(EnterpriseChain(enterprise_id=firms[firm]["id"], chain_id=chain.id))
        lathe_seekers = [rid for rid, code in created_ids if code == LATHE]
        for index, resume_id in enumerate(lathe_seekers[:4]):
            session.add(
                Application(
                    resume_id=resume_id,
                    posting_id=postings["a1-lathe"],
                    status=ApplicationStatus.withdrawn
                    if index == 3
                    else ApplicationStatus.submitted,
                )
            )
        session.add(Application(resume_id=lathe_seekers[6], posting_id=postings["b1-lathe"]))
        session.add(
            Intention(
                posting_id=postings["a1-lathe"],
                resume_id=lathe_seekers[0],
                enterprise_id=firms["a1"]["id"],
            )
        )
        await session.commit()
    return City(fairs=fairs, firms={k: v["id"] for k, v in firms.items()}, postings=postings)


@dataclass
class Rows:
    """Every row the figures come from, read straight from the tables."""

    fairs: list[Any]
    postings: list[Any]
    resumes: list[Any]
    applications: list[Any]
    intentions: list[Any]
    memberships: list[tuple[int, str]]


async def read_rows(api: Api) -> Rows:
    async with api.runtime.sessions() as session:
        return Rows(
            fairs=list((await session.execute(select(Fair.id, Fair.starts_at))).all()),
            postings=list(
                (
                    await session.execute(
                        select(
                            Posting.id,
                            Posting.fair_id,
                            Posting.enterprise_id,
                            Posting.occupation_code,
                            Posting.skill_level,
                            Posting.headcount,
                            Posting.salary_min,
                            Posting.salary_max,
                            Enterprise.district,
                        ).join(Enterprise, Enterprise.id == Posting.enterprise_id)
                    )
                ).all()
            ),
            resumes=list(
                (
                    await session.execute(
                        select(Resume.fair_id, Resume.occupation_code, Resume.skill_level)
                    )
                ).all()
            ),
            applications=list(
                (await session.execute(select(Application.posting_id, Application.status))).all()
            ),
            intentions=list((await session.execute(select(Intention.posting_id))).all()),
            memberships=list(
                (
                    await session.execute(
                        select(EnterpriseChain.enterprise_id, Chain.slug).join(
                            Chain, Chain.id == EnterpriseChain.chain_id
                        )
                    )
                ).all()
            ),
        )
