"""Skill-gap guidance: every figure checked against a direct re-ranking of every posting."""

from __future__ import annotations

import dataclasses
from statistics import median
from typing import Any

import numpy as np
from sqlalchemy import select

from matcher.certificates import normalize_certificates
from matcher.domain import PostingProfile, ResumeProfile, SkillLevel
from matcher.ranking import score_match
from matcher.what_if import MATCH_CUTOFF
from search.types import IndexName
from services.matching.documents import posting_profile, resume_profile
from services.models import Posting, PostingStatus, Resume
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume
from tests.support.pages import browser

WELD = "焊接钢结构件和汽车底盘支架，二氧化碳保护焊、氩弧焊，能看懂焊接图纸。"


def _welder(fair_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "title": "电焊工",
        "description": WELD,
        "requirements": "",
        "skill_level": None,
        "certificates": [],
        "salary_min": 6000,
        "salary_max": 8000,
    } | overrides


async def _city(api: Api) -> tuple[int, int, dict[str, Any]]:
    """Two fairs of welding and other postings; a junior welder without permits at the first."""
    here, there = await make_fair(api), await make_fair(api, name="常州新北区秋季招聘会")
    firm = await make_enterprise(api, here, name="常州钢构焊接有限公司")
    other = await make_enterprise(api, there, name="常州底盘制造有限公司")
    permit = ["熔化焊接与热切割作业证"]
    for body in (
        _welder(here),
        _welder(here, skill_level="intermediate", salary_min=7000, salary_max=9000),
        _welder(here, certificates=permit, salary_min=7500, salary_max=9500),
        _welder(here, title="二保焊工", certificates=permit, salary_min=8000, salary_max=10000),
        _welder(here, skill_level="senior", certificates=permit, salary_min=9000, salary_max=12000),
        _welder(here, title="氩弧焊工", skill_level="intermediate", certificates=permit),
        _welder(
            here, title="数控车工", description="操作数控车床加工轴类零件。", skill_level="junior"
        ),
    ):
        await make_posting(api, firm["token"], here, **body)
    for body in (
        _welder(there, certificates=permit, salary_min=8000, salary_max=11000),
        _welder(there, skill_level="intermediate", salary_min=7000, salary_max=8000),
    ):
        await make_posting(api, other["token"], there, **body)
    closed = await make_posting(api, firm["token"], here, **_welder(here, certificates=permit))
    url = f"/api/postings/{closed['id']}"
    shut = await api.request("PATCH", url, token=firm["token"], json={"status": "closed"})
    assert shut.status_code == 200, shut.text
    seeker = await make_resume(
        api,
        name="周强",
        fair_id=here,
        major="焊接技术与自动化",
        desired_title="电焊工",
        skills="二氧化碳保护焊 氩弧焊 看图",
        experience="在钢结构厂做了两年电焊工，焊接支架和底盘件。",
        skill_level="junior",
        certificates=[],
        expected_salary=7000,
    )
    await api.settle()
    return here, there, seeker


def _matches(posting: PostingProfile, resume: ResumeProfile, similarity: float) -> bool:
    """The documented rule, written out: score ≥ cutoff, no certificate or level missing."""
    match = score_match(posting=posting, resume=resume, similarity=similarity)
    gap = match.explanation.level_gap
    level_ok = posting.skill_level is None or (gap is not None and gap >= 0)
    return (
        match.score >= MATCH_CUTOFF - 1e-9
        and not match.explanation.missing_certificates
        and level_ok
    )


async def _direct(api: Api, resume_id: int) -> tuple[ResumeProfile, list[tuple[Posting, float]]]:
    """Every open posting with its cosine to the résumé, computed here from the stored vectors."""
    async with api.runtime.sessions() as session:
        resume = await session.get(Resume, resume_id)
        assert resume is not None
        profile = resume_profile(resume)
        rows = list(
            await session.scalars(select(Posting).where(Posting.status == PostingStatus.open))
        )
    search = api.runtime.search
    own = await search.get(IndexName.resumes, resume_id)
    assert own is not None and own.vector is not None
    docs = await search.get_many(IndexName.postings, [p.id for p in rows])
    pairs = []
    for posting in rows:
        vector = docs[posting.id].vector
        assert vector is not None
        pairs.append((posting, float(np.dot(own.vector, vector))))
    return profile, pairs


def _median_salary(postings: list[Posting]) -> int | None:
    return round(median((p.salary_min + p.salary_max) / 2 for p in postings)) if postings else None


async def test_every_step_agrees_with_a_direct_re_ranking(api: Api) -> None:
    here, _, seeker = await _city(api)
    response = await api.request(
        "GET", f"/api/resumes/{seeker['id']}/skill-gaps", token=seeker["token"]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    profile, pairs = await _direct(api, seeker["id"])
    now = [p for p, sim in pairs if _matches(posting_profile(p), profile, sim)]
    assert body["matching_city"] == len(now)
    assert body["matching"] == sum(p.fair_id == here for p in now)
    assert body["postings_considered"] == len(pairs)  # the closed one is not among them
    assert body["items"], "a junior welder without a permit has steps to take"
    for item in body["items"]:
        if item["kind"] == "level":
            upgraded = dataclasses.replace(profile, skill_level=SkillLevel(item["level"]))
        else:
            certificates = (*profile.certificates, item["certificate"])
            upgraded = dataclasses.replace(profile, certificates=certificates)
        after = [p for p, sim in pairs if _matches(posting_profile(p), upgraded, sim)]
        added = [p for p in after if p not in now]
        added_here = [p for p in added if p.fair_id == here]
        assert item["unlocks_city"] == len(added), item
        assert item["unlocks"] == len(added_here), item
        now_here = [p for p in now if p.fair_id == here]
        gained, current = _median_salary(added_here), _median_salary(now_here)
        assert item["new_median_salary"] == gained
        expected = gained - current if gained is not None and current is not None else None
        assert item["salary_delta"] == expected
    ranked = [(i["unlocks"], i["unlocks_city"]) for i in body["items"]]
    assert ranked == sorted(ranked, reverse=True)
    permit = next(i for i in body["items"] if i["certificate"] == "熔化焊接与热切割作业证")
    assert permit["unlocks"] >= 1 and permit["unlocks_city"] > permit["unlocks"]
    assert "熔化焊接与热切割作业证" in permit["text_zh"] and "个岗位" in permit["text_zh"]
    assert "to your matching postings" in permit["text_en"]


async def test_steps_name_the_providers_that_train_for_them(api: Api) -> None:
    _, _, seeker = await _city(api)
    welding = {
        "name": "常州市焊接技能培训中心",
        "address": "武进区常武中路 18 号",
        "phone": "0519-86001234",
        "courses": ["焊工中级工培训"],
        "certificates": ["焊工证", "焊工职业技能等级证书（中级工）"],
    }
    forklift = {"name": "常州叉车驾驶培训学校", "certificates": ["叉车证"]}
    for body in (welding, forklift):
        created = await api.request("POST", "/api/training-providers", token=ADMIN_TOKEN, json=body)
        assert created.status_code == 201, created.text
    response = await api.request(
        "GET", f"/api/resumes/{seeker['id']}/skill-gaps", token=seeker["token"]
    )
    items = response.json()["items"]
    permit = next(i for i in items if i["certificate"] == "熔化焊接与热切割作业证")
    assert [p["name"] for p in permit["providers"]] == ["常州市焊接技能培训中心"]
    assert permit["providers"][0]["phone"] == "0519-86001234"
    level = next((i for i in items if i["level"] == "intermediate"), None)
    if level is not None:  # reaching level 4 as a welder: the centre trains for 焊工（中级工）
        assert [p["name"] for p in level["providers"]] == ["常州市焊接技能培训中心"]
    assert normalize_certificates(["焊工证"]) == ["熔化焊接与热切割作业证"]


async def test_only_the_seeker_reads_their_skill_gaps(api: Api) -> None:
    _, _, seeker = await _city(api)
    other = await make_resume(api, name="李娜")
    url = f"/api/resumes/{seeker['id']}/skill-gaps"
    assert (await api.request("GET", url)).status_code == 401
    assert (await api.request("GET", url, token=other["token"])).status_code == 403
    assert (await api.request("GET", url, token=ADMIN_TOKEN)).status_code == 403
    missing = f"/api/resumes/{seeker['id'] + 1000}/skill-gaps"
    assert (await api.request("GET", missing, token=seeker["token"])).status_code == 404


async def test_the_seeker_pages_show_the_ways_to_improve(api: Api) -> None:
    _, _, seeker = await _city(api)
    await api.request(
        "POST",
        "/api/training-providers",
        token=ADMIN_TOKEN,
        json={
            "name": "常州市焊接技能培训中心",
            "phone": "0519-86001234",
            "certificates": ["焊工证"],
        },
    )
    gaps = await api.request(
        "GET", f"/api/resumes/{seeker['id']}/skill-gaps", token=seeker["token"]
    )
    first = gaps.json()["items"][0]
    async with browser(api) as client:
        client.cookies.set("fm_seeker", seeker["token"])
        for url in ("/me", "/me/recommendations"):
            page = await client.get(url)
            assert page.status_code == 200
            assert "提升建议" in page.text and first["text_zh"] in page.text, url
            assert "常州市焊接技能培训中心" in page.text and 'href="tel:0519-86001234"' in page.text
        english = await client.get("/me", params={"lang": "en"})
        assert "Ways to improve" in english.text and first["text_en"] in english.text
    async with browser(api) as client:
        assert "提升建议" not in (await client.get("/me")).text  # a visitor has no résumé


async def test_without_a_fair_the_city_is_the_scope(api: Api) -> None:
    await _city(api)
    drifter = await make_resume(
        api,
        name="陆军",
        major="焊接技术与自动化",
        desired_title="电焊工",
        skills="二氧化碳保护焊 氩弧焊 看图",
        experience="在钢结构厂做了两年电焊工，焊接支架和底盘件。",
        skill_level="junior",
        certificates=[],
    )
    await api.settle()
    response = await api.request(
        "GET", f"/api/resumes/{drifter['id']}/skill-gaps", token=drifter["token"]
    )
    body = response.json()
    assert body["fair_id"] is None and body["matching"] == body["matching_city"]
    assert body["items"] and all(i["unlocks"] == i["unlocks_city"] for i in body["items"])
    assert all("全市" not in i["text_zh"] for i in body["items"])


async def test_a_seeker_without_a_level_is_shown_the_first_certified_levels(api: Api) -> None:
    here, _, _ = await _city(api)
    firm = await make_enterprise(api, here, name="常州学徒焊接有限公司")
    await make_posting(api, firm["token"], here, **_welder(here, skill_level="apprentice"))
    seeker = await make_resume(
        api,
        name="吴新",
        fair_id=here,
        desired_title="电焊工",
        skills="二氧化碳保护焊",
        experience="跟师傅学过半年电焊。",
        skill_level=None,
        certificates=[],
    )
    await api.settle()
    body = (
        await api.request("GET", f"/api/resumes/{seeker['id']}/skill-gaps", token=seeker["token"])
    ).json()
    levels = [item["level"] for item in body["items"] if item["kind"] == "level"]
    assert levels and set(levels) <= {"junior", "intermediate"}  # apprentice is no step to take
