"""School accounts and their report: only consenting students of that school ever count."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import func, select

from matcher.certificates import certificate_satisfies, normalize_certificates
from matcher.domain import SkillLevel
from services.auth.secrets import hash_token
from services.models import Application, ApplicationStatus, Intention, Posting, Resume, School
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume
from tests.support.pages import browser, csrf_of

PERMIT = "熔化焊接与热切割作业证"


@dataclass
class Campus:
    fair_ids: tuple[int, int]
    firm: dict[str, Any]
    welder_code: str
    school: dict[str, Any]
    other_school: dict[str, Any]
    sharing: dict[str, Any]  # school A, consented
    private: dict[str, Any]  # school A, did not consent
    elsewhere: dict[str, Any]  # school B, consented


async def _school(api: Api, **body: Any) -> dict[str, Any]:
    response = await api.request("POST", "/api/schools", token=ADMIN_TOKEN, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _apply(api: Api, seeker: dict[str, Any], posting_id: int) -> None:
    response = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting_id}
    )
    assert response.status_code == 201, response.text


async def _campus(api: Api) -> Campus:
    spring, autumn = await make_fair(api), await make_fair(api, name="常州秋季招聘会")
    firm = await make_enterprise(api, spring, name="常州钢构焊接有限公司")
    await api.request(
        "POST",
        f"/api/fairs/{autumn}/enterprises",
        token=ADMIN_TOKEN,
        json={"name": "常州底盘制造有限公司", "booth": "C01"},
    )
    welder = await make_posting(
        api,
        firm["token"],
        spring,
        title="电焊工",
        description="焊接钢结构件，二氧化碳保护焊。",
        requirements="会氩弧焊，能看懂图纸。",
        skill_level="intermediate",
        certificates=[PERMIT],
    )
    senior = await make_posting(
        api,
        firm["token"],
        spring,
        title="电焊工",
        description="焊接压力管道。",
        requirements="高级工，会氩弧焊。",
        skill_level="senior",
        certificates=[PERMIT, "焊工职业技能等级证书（高级工）"],
    )
    lathe = await make_posting(api, firm["token"], spring)
    code = welder["occupation_code"]
    assert code, "the welder posting is classified"
    school = await _school(
        api, name="常州技师学院", majors=["焊接技术与自动化", "数控技术"], occupation_codes=[code]
    )
    other_school = await _school(api, name="常州刘国钧高等职业技术学校", majors=["焊接"])
    welding = {
        "desired_title": "电焊工",
        "skills": "二氧化碳保护焊 氩弧焊",
        "experience": "实习期间焊接钢结构件。",
        "major": "焊接技术与自动化",
        "skill_level": "intermediate",
    }
    sharing = await make_resume(
        api,
        name="周强",
        school_id=school["id"],
        share_with_school=True,
        certificates=[PERMIT],
        **welding,
    )
    private = await make_resume(
        api, name="吴敏", school_id=school["id"], share_with_school=False, **welding
    )
    elsewhere = await make_resume(
        api, name="郑磊", school_id=other_school["id"], share_with_school=True, **welding
    )
    lathe_student = await make_resume(
        api, name="孙丽", school_id=school["id"], share_with_school=True, major="数控技术"
    )
    for seeker in (sharing, private, elsewhere):
        await _apply(api, seeker, welder["id"])
        await _apply(api, seeker, senior["id"])
    await _apply(api, lathe_student, lathe["id"])
    for seeker in (sharing, private, elsewhere):
        intention = await api.request(
            "POST",
            "/api/intentions",
            token=firm["token"],
            json={"posting_id": welder["id"], "resume_id": seeker["id"]},
        )
        assert intention.status_code == 201, intention.text
    await api.settle()
    return Campus((spring, autumn), firm, code, school, other_school, sharing, private, elsewhere)


async def _report(api: Api, school: dict[str, Any]) -> dict[str, Any]:
    response = await api.request(
        "GET", f"/api/schools/{school['id']}/report", token=school["token"]
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _expected_outcomes(
    api: Api, school_id: int
) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(fair, major) → (students, applications, intentions), counted straight from the rows."""
    async with api.runtime.sessions() as session:
        rows = (
            await session.execute(
                select(Posting.fair_id, Resume.major, Resume.id, Resume.share_with_school)
                .join(Application, Application.posting_id == Posting.id)
                .join(Resume, Resume.id == Application.resume_id)
                .where(
                    Resume.school_id == school_id,
                    Application.status == ApplicationStatus.submitted,
                )
            )
        ).all()
        won = (
            await session.execute(
                select(Posting.fair_id, Resume.major, Resume.share_with_school)
                .join(Intention, Intention.posting_id == Posting.id)
                .join(Resume, Resume.id == Intention.resume_id)
                .where(Resume.school_id == school_id)
            )
        ).all()
    students: dict[tuple[int, str], set[int]] = {}
    applications: Counter[tuple[int, str]] = Counter()
    for fair, major, resume_id, shared in rows:
        if shared:
            students.setdefault((fair, major), set()).add(resume_id)
            applications[(fair, major)] += 1
    intentions = Counter((fair, major) for fair, major, shared in won if shared)
    keys = set(applications) | set(intentions)
    return {k: (len(students.get(k, set())), applications[k], intentions[k]) for k in keys}


async def test_the_report_counts_only_consenting_students_of_that_school(api: Api) -> None:
    campus = await _campus(api)
    body = await _report(api, campus.school)
    got = {
        (row["fair_id"], row["major"]): (row["students"], row["applications"], row["intentions"])
        for row in body["outcomes"]
    }
    assert got == await _expected_outcomes(api, campus.school["id"])
    weld = got[(campus.fair_ids[0], "焊接技术与自动化")]
    assert weld == (1, 2, 1), "周强 only: 吴敏 did not consent, 郑磊 is another school's"
    assert body["students"] == 2  # 周强 and 孙丽
    text = str(body)
    for hidden in ("吴敏", "郑磊", "周强", campus.private["phone"], campus.sharing["phone"]):
        assert hidden not in text, "the report holds totals, never a student's name or phone"
    other = await _report(api, campus.other_school)
    assert other["students"] == 1
    assert {(r["students"], r["applications"]) for r in other["outcomes"]} == {(1, 2)}


async def test_the_gap_report_agrees_with_the_postings_and_resumes(api: Api) -> None:
    campus = await _campus(api)
    body = await _report(api, campus.school)
    assert body["occupation_codes"] == [campus.welder_code] and body["codes_derived"] is False
    async with api.runtime.sessions() as session:
        postings = list(
            await session.scalars(
                select(Posting).where(Posting.occupation_code.startswith(campus.welder_code))
            )
        )
        students = list(
            await session.scalars(
                select(Resume).where(
                    Resume.school_id == campus.school["id"], Resume.share_with_school.is_(True)
                )
            )
        )
    assert body["postings"] == len(postings) == 2
    lines = {(line["kind"], line["key"]): line for line in body["gaps"]}
    for name in {c for p in postings for c in normalize_certificates(p.certificates)}:
        asked = sum(name in normalize_certificates(p.certificates) for p in postings)
        shown = sum(
            any(certificate_satisfies(h, name) for h in normalize_certificates(s.certificates))
            for s in students
        )
        line = lines[("certificate", name)]
        assert (line["postings"], line["students"]) == (asked, shown), name
        assert line["posting_share"] == round(asked / len(postings), 4)
        assert line["student_share"] == round(shown / len(students), 4)
    assert lines[("certificate", PERMIT)]["students"] == 1  # 周强 holds it; 吴敏's is not counted
    for level in (SkillLevel.intermediate, SkillLevel.senior):
        asked = sum(p.skill_level == level for p in postings)
        reached = sum(
            s.skill_level is not None and s.skill_level.rank >= level.rank for s in students
        )
        line = lines[("level", level.value)]
        assert (line["postings"], line["students"]) == (asked, reached)
    assert lines[("level", "senior")]["students"] == 0  # both students are intermediate


async def test_codes_come_from_the_majors_when_the_school_lists_none(api: Api) -> None:
    campus = await _campus(api)
    body = await _report(api, campus.other_school)
    expected = api.runtime.classifier.classify("焊接", k=3)
    assert body["codes_derived"] is True and expected
    assert body["occupation_codes"] == sorted({c.code for c in expected})


async def test_consent_can_be_withdrawn_and_erasure_removes_everything(api: Api) -> None:
    campus = await _campus(api)
    url = f"/api/resumes/{campus.sharing['id']}"
    token = campus.sharing["token"]
    withdrawn = await api.request("PATCH", url, token=token, json={"share_with_school": False})
    assert withdrawn.status_code == 200 and withdrawn.json()["share_with_school"] is False
    body = await _report(api, campus.school)
    assert body["students"] == 1 and campus.fair_ids[0] not in {
        r["fair_id"] for r in body["outcomes"] if r["major"] == "焊接技术与自动化"
    }
    again = await api.request("PATCH", url, token=token, json={"share_with_school": True})
    assert again.json()["share_with_school"] is True
    moved = await api.request(
        "PATCH", url, token=token, json={"school_id": campus.other_school["id"]}
    )
    assert moved.json()["share_with_school"] is False, "consent named the previous school"
    back = {"school_id": campus.school["id"], "share_with_school": True}
    assert (await api.request("PATCH", url, token=token, json=back)).status_code == 200
    assert (await _report(api, campus.school))["students"] == 2
    assert (await api.request("DELETE", url, token=token)).status_code == 204
    body = await _report(api, campus.school)
    assert body["students"] == 1
    assert all(r["major"] != "焊接技术与自动化" for r in body["outcomes"])
    assert body["outcomes"] and all(r["major"] == "数控技术" for r in body["outcomes"])


async def test_sharing_needs_a_school_and_a_known_one(api: Api) -> None:
    alone = await make_resume(api, share_with_school=True)
    assert alone["share_with_school"] is False and alone["school_id"] is None
    unknown = await api.request(
        "POST",
        "/api/resumes",
        json={
            "name": "钱多",
            "phone": "13700000001",
            "education": "bachelor",
            "consent": True,
            "school_id": 999,
        },
    )
    assert unknown.status_code == 422


async def test_school_tokens_are_shown_once_and_stored_hashed(api: Api) -> None:
    created = await _school(api, name="常州工程职业技术学院", majors=["机电一体化"])
    assert created["token"].startswith("fm_sc_")
    async with api.runtime.sessions() as session:
        school = await session.get(School, created["id"])
        assert school is not None and school.token_hash == hash_token(created["token"])
        assert created["token"] not in str(school.__dict__)
    listed = (await api.request("GET", "/api/schools")).json()["items"]
    assert [s["name"] for s in listed] == ["常州工程职业技术学院"]
    assert "token" not in str(listed)


async def test_every_school_route_checks_who_calls(api: Api) -> None:
    campus = await _campus(api)
    school_id = campus.school["id"]
    body = {"name": "某学校"}
    for token in (None, campus.sharing["token"], campus.firm["token"], campus.school["token"]):
        status = (await api.request("POST", "/api/schools", token=token, json=body)).status_code
        assert status == (401 if token is None else 403)
        url = f"/api/schools/{campus.other_school['id']}"
        assert (await api.request("DELETE", url, token=token)).status_code == (
            401 if token is None else 403
        )
    for suffix in ("report", "report.xlsx"):
        url = f"/api/schools/{school_id}/{suffix}"
        assert (await api.request("GET", url)).status_code == 401
        for token in (ADMIN_TOKEN, campus.sharing["token"], campus.firm["token"]):
            assert (await api.request("GET", url, token=token)).status_code == 403
        other = await api.request("GET", url, token=campus.other_school["token"])
        assert other.status_code == 403, "another school's token never reads this report"
        assert (await api.request("GET", url, token=campus.school["token"])).status_code == 200
    revoked = await api.request("DELETE", f"/api/schools/{school_id}", token=ADMIN_TOKEN)
    assert revoked.status_code == 204
    url = f"/api/schools/{school_id}/report"
    assert (await api.request("GET", url, token=campus.school["token"])).status_code == 401
    async with api.runtime.sessions() as session:
        left = await session.scalar(
            select(func.count()).select_from(Resume).where(Resume.school_id == school_id)
        )
        sharing = await session.get(Resume, campus.sharing["id"])
    assert left == 0
    assert sharing is not None and (sharing.school_id, sharing.share_with_school) == (None, False)


async def test_the_workbook_holds_the_same_figures(api: Api) -> None:
    campus = await _campus(api)
    body = await _report(api, campus.school)
    response = await api.request(
        "GET", f"/api/schools/{campus.school['id']}/report.xlsx", token=campus.school["token"]
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"
    book = load_workbook(io.BytesIO(response.content))
    outcomes, gaps = book.worksheets
    rows = list(outcomes.iter_rows(min_row=2, values_only=True))
    assert sorted((r[2], r[3], r[4], r[5]) for r in rows) == sorted(
        (o["major"], o["students"], o["applications"], o["intentions"]) for o in body["outcomes"]
    )
    gap_rows = list(gaps.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[4]) for r in gap_rows] == [
        (g["label_zh"], g["postings"], g["students"]) for g in body["gaps"]
    ]


async def test_the_school_signs_in_on_a_page_and_reads_its_report(api: Api) -> None:
    campus = await _campus(api)
    async with browser(api) as client:
        assert (await client.get("/school")).headers["location"] == "/school/login"
        form = await client.get("/school/login")
        wrong = await client.post(
            "/school/login", data={"token": "fm_sc_wrong", "csrf": csrf_of(form.text)}
        )
        assert wrong.headers["location"] == "/school/login?failed=1"
        signed = await client.post(
            "/school/login", data={"token": campus.school["token"], "csrf": csrf_of(form.text)}
        )
        assert signed.status_code == 303 and signed.headers["location"] == "/school"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/school" in cookie
        page = await client.get("/school")
        assert page.status_code == 200
        assert "常州技师学院" in page.text and PERMIT in page.text
        assert '<dd id="consenting-students">2</dd>' in page.text
        assert "吴敏" not in page.text and "郑磊" not in page.text
        workbook = await client.get("/school/report.xlsx")
        assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
        out = await client.post("/school/logout", data={"csrf": csrf_of(page.text)})
        assert out.headers["location"] == "/school/login"
        client.cookies.clear()
        assert (await client.get("/school")).headers["location"] == "/school/login"


async def test_the_resume_form_offers_the_schools_and_sharing_is_opt_in(api: Api) -> None:
    school = await _school(api, name="常州技师学院", majors=["数控技术"])
    fair_id = await make_fair(api)
    async with browser(api) as client:
        form = await client.get("/resume", params={"fair": fair_id})
        assert "常州技师学院" in form.text and 'name="share_with_school"' in form.text
        assert 'name="share_with_school" type="checkbox" value="on" checked' not in form.text
        fields = {
            "csrf": csrf_of(form.text),
            "fair": str(fair_id),
            "name": "冯刚",
            "phone": "13700000009",
            "education": "secondary_vocational",
            "school_id": str(school["id"]),
            "consent": "on",
        }
        saved = await client.post("/resume", data=fields)
        assert saved.status_code == 303
        async with api.runtime.sessions() as session:
            resume = await session.scalar(select(Resume).where(Resume.phone == "13700000009"))
            assert resume is not None
            assert (resume.school_id, resume.share_with_school) == (school["id"], False)
        edit = await client.get("/resume")
        assert f'<option value="{school["id"]}" selected>' in edit.text
        fields = fields | {"csrf": csrf_of(edit.text), "share_with_school": "on"}
        await client.post("/resume", data=fields)
        async with api.runtime.sessions() as session:
            resume = await session.scalar(select(Resume).where(Resume.phone == "13700000009"))
            assert resume is not None and resume.share_with_school is True
