"""The seeker's own pages: résumé form, one-tap apply with CSRF, my applications, deletion."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from search.types import IndexName
from services.auth.principals import SEEKER_COOKIE
from services.models import Application, Resume
from tests.services.conftest import Api
from tests.support.pages import browser, csrf_of, small_fair


def resume_form(csrf: str, **overrides: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "name": "李小红",
        "phone": "13912345678",
        "education": "secondary_vocational",
        "school": "常州刘国钧高等职业技术学校",
        "major": "焊接技术",
        "skill_level": "senior",
        "certificates": "熔化焊接与热切割作业证、焊工职业技能等级证书",
        "years_experience": "4",
        "experience": "四年钢结构焊接经验。",
        "skills": "二氧化碳保护焊 氩弧焊",
        "desired_title": "电焊工",
        "expected_salary": "9000",
        "open_to_recommendations": "on",
        "consent": "on",
    } | overrides


async def _new_seeker(phone: httpx.AsyncClient, job_id: int, **overrides: str) -> httpx.Response:
    """Walk a first-time seeker from a job to a saved résumé (returns the redirect)."""
    form_page = await phone.get(f"/resume?job={job_id}")
    data = resume_form(csrf_of(form_page.text), job=str(job_id), **overrides)
    return await phone.post("/resume", data=data)


async def _count(api: Api, model: Any) -> int:
    async with api.runtime.sessions() as session:
        return int(await session.scalar(select(func.count(model.id))) or 0)


async def test_first_time_seeker_applies_by_submitting_the_resume(api: Api) -> None:
    fair = await small_fair(api)
    job_id = fair.welder["id"]
    async with browser(api) as phone:
        form = await phone.get(f"/resume?job={job_id}")
        assert "提交简历即投递「电焊工」（常州天合焊接科技有限公司）" in form.text
        assert "提交简历并投递" in form.text
        saved = await _new_seeker(phone, job_id)
        assert saved.status_code == 303
        assert saved.headers["location"] == f"/jobs/{job_id}/applied?saved=1"
        cookie = saved.headers["set-cookie"]
        assert f"{SEEKER_COOKIE}=" in cookie and "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower()
        applied = await phone.get(saved.headers["location"])
        assert "简历已保存" in applied.text and "投递成功" in applied.text
        assert ">B07<" in applied.text

        detail = await phone.get(f"/jobs/{job_id}")
        assert "已投递" in detail.text and "简历已保存" not in detail.text
        other = await phone.get(f"/jobs/{fair.lathe['id']}")
        assert "以 李小红 的简历投递" in other.text
        again = await phone.post(
            f"/jobs/{fair.lathe['id']}/apply",
            data={"csrf": csrf_of(other.text)},
            follow_redirects=True,
        )
    assert again.status_code == 200 and "投递成功" in again.text
    assert await _count(api, Application) == 2
    async with api.runtime.sessions() as session:
        resume = await session.scalar(select(Resume))
    assert resume is not None and resume.fair_id == fair.fair_id
    assert resume.certificates == ["熔化焊接与热切割作业证", "焊工职业技能等级证书"]


async def test_a_resume_for_a_job_closed_meanwhile_is_saved_without_applying(api: Api) -> None:
    fair = await small_fair(api)
    job_id = fair.welder["id"]
    async with browser(api) as phone:
        form = await phone.get(f"/resume?job={job_id}")
        closed = await api.request(
            "PATCH", f"/api/postings/{job_id}", token=fair.other["token"], json={"status": "closed"}
        )
        assert closed.status_code == 200, closed.text
        data = resume_form(csrf_of(form.text), job=str(job_id))
        saved = await phone.post("/resume", data=data)
    assert saved.status_code == 303 and saved.headers["location"] == f"/jobs/{job_id}?saved=1"
    assert await _count(api, Resume) == 1 and await _count(api, Application) == 0


async def test_apply_without_csrf_is_rejected(api: Api) -> None:
    fair = await small_fair(api)
    job_id = fair.welder["id"]
    async with browser(api) as phone:
        await _new_seeker(phone, job_id)  # applies to the welder's job
        other = fair.lathe["id"]
        missing = await phone.post(f"/jobs/{other}/apply", data={})
        forged = await phone.post(f"/jobs/{other}/apply", data={"csrf": "x" * 43})
    assert missing.status_code == 403 and "页面已过期" in missing.text
    assert forged.status_code == 403
    assert await _count(api, Application) == 1


async def test_apply_without_resume_goes_to_the_form(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        form = await phone.get("/resume")
        response = await phone.post(
            f"/jobs/{fair.lathe['id']}/apply", data={"csrf": csrf_of(form.text)}
        )
    assert response.status_code == 303
    assert response.headers["location"] == f"/resume?job={fair.lathe['id']}"


async def test_validation_errors_are_shown_next_to_fields_and_values_kept(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        page = await phone.get("/resume")
        bad = resume_form(csrf_of(page.text), phone="12345", consent="", school="常州技师学院")
        del bad["consent"]
        response = await phone.post("/resume", data=bad)
        english = await phone.post("/resume?lang=en", data=bad)
    assert response.status_code == 422
    html = response.text
    assert "请填写11位手机号" in html
    assert 'id="phone-error"' in html and 'aria-describedby="phone-error"' in html
    assert "须同意隐私声明才能提交简历" in html
    assert 'value="12345"' in html and 'value="常州技师学院"' in html
    assert "Enter an 11-digit mobile number" in english.text
    assert await _count(api, Resume) == 0
    assert fair.fair_id


async def test_stored_script_in_a_name_is_escaped(api: Api) -> None:
    fair = await small_fair(api)
    evil = "<script>alert(1)</script>"
    async with browser(api) as phone:
        await _new_seeker(phone, fair.welder["id"], name=evil)
        pages = [
            (await phone.get(url)).text
            for url in ("/me", f"/jobs/{fair.welder['id']}", "/resume", "/me/delete")
        ]
    for html in pages:
        assert evil not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]


async def test_my_applications_show_status_and_withdraw(api: Api) -> None:
    fair = await small_fair(api)
    job_id = fair.welder["id"]
    async with browser(api) as phone:
        await _new_seeker(phone, job_id)  # submitting the résumé from the job applied to it
        mine = await phone.get("/me")
        assert "电焊工" in mine.text and "已投递" in mine.text and "暂无意向登记" in mine.text
        async with api.runtime.sessions() as session:
            application_id = await session.scalar(select(Application.id))
        withdrawn = await phone.post(
            f"/me/applications/{application_id}/withdraw",
            data={"csrf": csrf_of(mine.text)},
            follow_redirects=True,
        )
    assert "已撤回" in withdrawn.text and "重新投递" in withdrawn.text


async def test_intention_recorded_by_the_enterprise_is_shown(api: Api) -> None:
    fair = await small_fair(api)
    job_id = fair.welder["id"]
    async with browser(api) as phone:
        await _new_seeker(phone, job_id)  # applies
        async with api.runtime.sessions() as session:
            resume_id = await session.scalar(select(Resume.id))
        recorded = await api.request(
            "POST",
            "/api/intentions",
            token=fair.other["token"],
            json={"posting_id": job_id, "resume_id": resume_id},
        )
        assert recorded.status_code == 201
        mine = await phone.get("/me")
    assert "企业已登记初步意向" in mine.text


async def test_returning_seeker_edits_the_resume(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        await _new_seeker(phone, fair.welder["id"])
        form = await phone.get("/resume")
        assert "修改简历" in form.text and 'value="李小红"' in form.text
        data = resume_form(csrf_of(form.text), desired_title="焊接机器人操作工")
        del data["consent"]
        saved = await phone.post("/resume", data=data)
    assert saved.status_code == 303
    async with api.runtime.sessions() as session:
        resume = await session.scalar(select(Resume))
    assert resume is not None and resume.desired_title == "焊接机器人操作工"
    assert await _count(api, Resume) == 1


async def test_delete_my_data_removes_the_row_and_the_cookie(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        await _new_seeker(phone, fair.welder["id"])
        await api.settle()
        async with api.runtime.sessions() as session:
            resume_id = await session.scalar(select(Resume.id))
        assert resume_id is not None
        assert await api.runtime.search.get(IndexName.resumes, resume_id) is not None
        confirm = await phone.get("/me/delete")
        assert "李小红" in confirm.text and "确认删除" in confirm.text
        done = await phone.post("/me/delete", data={"csrf": csrf_of(confirm.text)})
        after = await phone.get("/me")
    assert done.status_code == 200 and "已删除" in done.text
    assert f'{SEEKER_COOKIE}=""' in done.headers["set-cookie"]
    assert await _count(api, Resume) == 0
    assert "你还没有简历" in after.text
    await api.settle()
    assert await api.runtime.search.get(IndexName.resumes, resume_id) is None


async def test_recommendations_give_a_reason_each(api: Api) -> None:
    fair = await small_fair(api)
    async with browser(api) as phone:
        await _new_seeker(phone, fair.welder["id"])
        await api.settle()
        zh = await phone.get("/me/recommendations")
        en = await phone.get("/me/recommendations?lang=en")
    assert zh.status_code == 200
    assert "电焊工" in zh.text
    assert '<p class="reason">' in zh.text
    assert '<p class="reason">' in en.text


async def test_recommendations_need_a_resume(api: Api) -> None:
    async with browser(api) as phone:
        response = await phone.get("/me/recommendations")
    assert response.status_code == 303 and response.headers["location"] == "/resume"


async def test_seeker_accepts_an_invitation_on_my_page(api: Api) -> None:
    fair = await small_fair(api)
    job_id = fair.welder["id"]
    async with browser(api) as phone:
        await _new_seeker(phone, fair.lathe["id"])
        async with api.runtime.sessions() as session:
            resume_id = await session.scalar(select(Resume.id))
        await api.settle()
        invited = await api.request(
            "POST",
            "/api/invitations",
            token=fair.other["token"],
            json={"posting_id": job_id, "resume_id": resume_id},
        )
        assert invited.status_code == 201
        mine = await phone.get("/me")
        assert "企业邀请" in mine.text and fair.other["name"] in mine.text
        action = f"/me/invitations/{invited.json()['id']}/accept"
        assert action in mine.text
        forged = await phone.post(action, data={"csrf": "x" * 43})
        assert forged.status_code == 403
        accepted = await phone.post(
            action, data={"csrf": csrf_of(mine.text)}, follow_redirects=True
        )
        assert accepted.status_code == 200
        assert "企业邀请" not in accepted.text  # answered invitations leave the list
    async with api.runtime.sessions() as session:
        applied = await session.scalar(
            select(func.count(Application.id)).where(
                Application.resume_id == resume_id, Application.posting_id == job_id
            )
        )
    assert applied == 1
    candidates = await api.request(
        "GET", f"/api/postings/{job_id}/candidates", token=fair.other["token"]
    )
    shown = {c["resume_id"]: c for c in candidates.json()["items"]}
    assert shown[resume_id]["applied"] is True and shown[resume_id]["name"] == "李小红"
