"""Firm grades on the national ladder: the parser's guess for a new grade name, the firm's and
the organizer's mapping, and postings re-levelled (and re-indexed) when a mapping changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from matcher.domain import SkillLevel
from matcher.parsing import parse_firm_grade
from services.models import GradeMapping, GradeSource, Posting
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting
from tests.support.pages import browser, csrf_of, organizer_sign_in
from tests.support.portal import PASSWORD, portal_login


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("高级技工", SkillLevel.senior),
        ("技师", SkillLevel.technician),
        ("二级技师", SkillLevel.technician),
        ("中级技工", SkillLevel.intermediate),
        ("熟练工", SkillLevel.junior),
        ("普工", SkillLevel.apprentice),
        ("首席技师", SkillLevel.chief_technician),
        ("T3", None),
        ("技术员A级", None),
        ("", None),
    ],
)
def test_the_parser_guesses_common_firm_grade_names(name: str, level: SkillLevel | None) -> None:
    assert parse_firm_grade(name) == level


async def _mappings(api: Api) -> dict[tuple[int, str], tuple[SkillLevel | None, GradeSource]]:
    async with api.runtime.sessions() as session:
        rows = await session.scalars(select(GradeMapping))
        return {(m.enterprise_id, m.grade_name): (m.skill_level, m.source) for m in rows}


async def _levels(api: Api) -> dict[int, tuple[str, SkillLevel | None]]:
    async with api.runtime.sessions() as session:
        rows = await session.execute(select(Posting.id, Posting.firm_grade, Posting.skill_level))
        return {pid: (grade, level) for pid, grade, level in rows}


async def test_a_posting_with_a_firm_grade_takes_the_mapped_level_and_edits_relevel(
    api: Api,
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    other = await make_enterprise(api, fair_id, name="常州天合焊接科技有限公司")
    senior = await make_posting(api, firm["token"], fair_id, firm_grade="高级技工")
    assert senior["skill_level"] == "senior" and senior["firm_grade"] == "高级技工"
    t3 = await make_posting(api, firm["token"], fair_id, firm_grade=" T3 ")
    assert t3["skill_level"] == "intermediate", "no guess: the posting keeps its own level"
    t3_again = await make_posting(api, firm["token"], fair_id, firm_grade="T3", skill_level=None)
    others_t3 = await make_posting(api, other["token"], fair_id, firm_grade="T3")
    plain = await make_posting(api, firm["token"], fair_id)
    assert await _mappings(api) == {
        (firm["id"], "高级技工"): (SkillLevel.senior, GradeSource.guess),
        (firm["id"], "T3"): (None, GradeSource.guess),
        (other["id"], "T3"): (None, GradeSource.guess),
    }

    saved = await api.request(
        "PUT",
        "/api/grades",
        token=firm["token"],
        json={"grade_name": "T3", "skill_level": "technician"},
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["relevelled"] == 2
    assert saved.json()["mapping"]["source"] == "firm"
    levels = await _levels(api)
    assert levels[t3["id"]] == ("T3", SkillLevel.technician)
    assert levels[t3_again["id"]] == ("T3", SkillLevel.technician)
    assert levels[others_t3["id"]][1] == SkillLevel.intermediate, "another firm's T3 is its own"
    assert levels[plain["id"]][1] == SkillLevel.intermediate
    assert levels[senior["id"]][1] == SkillLevel.senior

    # The index followed: a level search finds the re-levelled postings.
    await api.settle()
    found = await api.request(
        "GET", "/api/postings", params={"q": "数控车工", "skill_level": "technician"}
    )
    assert {p["id"] for p in found.json()["items"]} == {t3["id"], t3_again["id"]}

    # A later posting with the grade takes the mapping; editing the grade name re-levels too.
    later = await make_posting(api, firm["token"], fair_id, firm_grade="T3", skill_level="junior")
    assert later["skill_level"] == "technician"
    edited = await api.request(
        "PATCH",
        f"/api/postings/{later['id']}",
        token=firm["token"],
        json={"firm_grade": "高级技工"},
    )
    assert edited.json()["skill_level"] == "senior"

    # The organizer corrects the other firm's guess.
    fixed = await api.request(
        "PUT",
        f"/api/enterprises/{other['id']}/grades",
        token=ADMIN_TOKEN,
        json={"grade_name": "T3", "skill_level": "senior"},
    )
    assert fixed.json()["relevelled"] == 1 and fixed.json()["mapping"]["source"] == "organizer"
    assert (await _levels(api))[others_t3["id"]][1] == SkillLevel.senior
    own = await api.request("GET", "/api/grades", token=firm["token"])
    assert {(m["grade_name"], m["postings"]) for m in own.json()} == {("T3", 2), ("高级技工", 2)}
    every = await api.request("GET", "/api/grades", token=ADMIN_TOKEN)
    assert len(every.json()) == 3


async def test_grade_mappings_need_the_right_account(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    body = {"grade_name": "T3", "skill_level": "senior"}
    assert (await api.request("GET", "/api/grades")).status_code == 401
    assert (await api.request("PUT", "/api/grades", json=body)).status_code == 401
    assert (
        await api.request("PUT", "/api/grades", token=ADMIN_TOKEN, json=body)
    ).status_code == 403
    other_firm = f"/api/enterprises/{firm['id']}/grades"
    assert (await api.request("PUT", other_firm, json=body)).status_code == 401
    assert (await api.request("PUT", other_firm, token=firm["token"], json=body)).status_code == 403
    assert await _mappings(api) == {}


async def test_the_portal_and_console_pages_edit_mappings(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    posting = await make_posting(api, firm["token"], fair_id, firm_grade="技术员A级")
    async with browser(api) as client:
        await portal_login(client)
        page = await client.get("/portal/grades")
        assert page.status_code == 200 and "技术员A级" in page.text and "系统推测" in page.text
        saved = await client.post(
            "/portal/grades",
            data={"csrf": csrf_of(page.text), "grade_name": "技术员A级", "skill_level": "senior"},
        )
        assert (
            saved.status_code == 303 and saved.headers["location"] == "/portal/grades?relevelled=1"
        )
        after = await client.get(saved.headers["location"])
        assert "1 个岗位的等级随之更新" in after.text and "简历已保存" not in after.text
        assert "系统推测" not in after.text and "企业设定" in after.text
    assert (await _levels(api))[posting["id"]][1] == SkillLevel.senior
    async with browser(api) as organizer:
        bounced = await organizer.get("/organizer/grades")
        assert bounced.status_code == 303 and "login" in bounced.headers["location"]
        await organizer_sign_in(organizer, ADMIN_TOKEN, "/organizer/grades")
        console = await organizer.get("/organizer/grades")
        assert console.status_code == 200 and "企业设定" in console.text
        mapping_id = next(iter(await _mapping_ids(api)))
        done = await organizer.post(
            f"/organizer/grades/{mapping_id}",
            data={"csrf": csrf_of(console.text), "skill_level": "technician"},
        )
        assert done.status_code == 303
    assert (await _levels(api))[posting["id"]][1] == SkillLevel.technician
    assert await _mappings(api) == {
        (firm["id"], "技术员A级"): (SkillLevel.technician, GradeSource.organizer)
    }


async def test_the_portal_posting_form_takes_a_firm_grade(api: Api) -> None:
    fair_id = await make_fair(api)
    await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    async with browser(api) as client:
        await portal_login(client)
        form = await client.get("/portal/postings/new")
        assert 'name="firm_grade"' in form.text
        posted = await client.post(
            "/portal/postings/new",
            data={
                "csrf": csrf_of(form.text),
                "fair_id": str(fair_id),
                "title": "数控车工",
                "skill_level": "junior",
                "firm_grade": "二级技师",
                "headcount": "2",
                "salary_min": "7000",
                "salary_max": "9000",
            },
        )
        assert posted.status_code == 303, posted.text
        listing = await client.get("/portal/postings")
        assert "二级技师 → 技师(二级)" in listing.text
    ((_, (grade, level)),) = (await _levels(api)).items()
    assert (grade, level) == ("二级技师", SkillLevel.technician)


async def _mapping_ids(api: Api) -> list[int]:
    async with api.runtime.sessions() as session:
        return list(await session.scalars(select(GradeMapping.id)))
