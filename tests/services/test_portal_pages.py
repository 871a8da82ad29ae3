"""Portal pages: login, CSRF, postings (create, suggest, edit, close), candidates, actions."""

from __future__ import annotations

import re

from sqlalchemy import select

from services.models import Application, Intention, Invitation
from tests.services.conftest import Api
from tests.support.pages import browser, csrf_of
from tests.support.portal import PASSWORD, hiring_scene, portal_login


async def test_login_sets_a_strict_cookie_and_logout_ends_it(api: Api) -> None:
    await hiring_scene(api)
    async with browser(api) as client:
        bounced = await client.get("/portal/postings/1/candidates")
        assert bounced.status_code == 303
        assert bounced.headers["location"] == "/portal/login?next=/portal/postings/1/candidates"
        form = await client.get("/portal/login")
        assert "企业登录" in form.text
        wrong = await client.post(
            "/portal/login",
            data={"csrf": csrf_of(form.text), "username": "hengli", "password": "nope"},
        )
        assert wrong.status_code == 401 and "用户名或密码错误" in wrong.text
        ok = await client.post(
            "/portal/login",
            data={"csrf": csrf_of(form.text), "username": "hengli", "password": PASSWORD},
        )
        cookie = ok.headers["set-cookie"]
        assert cookie.startswith("fm_ent=fm_e_")
        for flag in ("HttpOnly", "Path=/portal", "SameSite=lax"):
            assert flag.lower() in cookie.lower()
        listing = await client.get("/portal/postings")
        assert listing.status_code == 200 and "数控车工" in listing.text
        assert "电焊工" not in listing.text, "another firm's postings are not listed"
        out = await client.post("/portal/logout", data={"csrf": csrf_of(listing.text)})
        assert out.status_code == 303
        client.cookies.set("fm_ent", cookie.split(";")[0].split("=", 1)[1], path="/portal")
        assert (await client.get("/portal/postings")).status_code == 303, "the session is gone"


async def test_forms_refuse_a_missing_csrf_token(api: Api) -> None:
    scene = await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        forged = await client.post(
            f"/portal/postings/{scene.posting_a['id']}/status", data={"status": "closed"}
        )
        assert forged.status_code == 403
        login = await client.post("/portal/login", data={"username": "hengli", "password": "x"})
        assert login.status_code == 403


async def test_create_with_suggested_occupations_then_edit_and_close(api: Api) -> None:
    scene = await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        form = await client.get("/portal/postings/new")
        csrf = csrf_of(form.text)
        fields = {
            "csrf": csrf,
            "fair_id": str(scene.fair_id),
            "title": "焊接机器人操作工",
            "headcount": "3",
            "salary_min": "7000",
            "salary_max": "9500",
            "skill_level": "intermediate",
            "certificates": "焊工证、电工证",
        }
        suggested = await client.post("/portal/postings/new", data=fields | {"action": "suggest"})
        codes = re.findall(r'name="occupation_code" value="([\d-]+)"', suggested.text)
        assert 1 <= len(codes) <= 5
        assert 'value="焊接机器人操作工"' in suggested.text, "entered values are kept"
        bad = await client.post(
            "/portal/postings/new", data=fields | {"salary_max": "100", "action": "save"}
        )
        assert bad.status_code == 422 and "最低薪资不能高于最高薪资" in bad.text
        saved = await client.post(
            "/portal/postings/new",
            data=fields | {"occupation_code": codes[0], "action": "save"},
        )
        assert saved.status_code == 303
        listing = await client.get("/portal/postings")
        assert "焊接机器人操作工" in listing.text and codes[0] in listing.text
        posting_id = int(re.findall(r"/portal/postings/(\d+)/edit", listing.text)[0])
        edit = await client.get(f"/portal/postings/{posting_id}/edit")
        assert 'value="焊工证、电工证"' in edit.text
        changed = await client.post(
            f"/portal/postings/{posting_id}/edit",
            data=fields | {"csrf": csrf_of(edit.text), "headcount": "8", "action": "save"},
        )
        assert changed.status_code == 303
        closed = await client.post(
            f"/portal/postings/{posting_id}/status", data={"csrf": csrf, "status": "closed"}
        )
        assert closed.status_code == 303
    posting = await api.request("GET", f"/api/postings/{posting_id}")
    body = posting.json()
    assert (body["headcount"], body["status"], body["occupation_code"]) == (8, "closed", codes[0])
    assert body["certificates"] == ["焊工证", "电工证"]


async def test_another_firms_posting_is_forbidden(api: Api) -> None:
    scene = await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        for url in (
            f"/portal/postings/{scene.posting_b['id']}/candidates",
            f"/portal/postings/{scene.posting_b['id']}/edit",
            f"/portal/postings/{scene.posting_b['id']}/export?format=xlsx",
            f"/portal/resumes/{scene.private['id']}/pdf",
        ):
            response = await client.get(url)
            assert response.status_code in {403, 404}, url
            assert "赵小燕" not in response.text


async def test_candidates_page_ranks_explains_and_masks(api: Api) -> None:
    scene = await hiring_scene(api)
    async with browser(api) as client:
        await portal_login(client)
        url = f"/portal/postings/{scene.posting_a['id']}/candidates"
        page = await client.get(url)
        assert page.status_code == 200
        html = page.text
        assert html.index("王建国") < html.index("李**"), "applicants first"
        assert scene.applicant["phone"] in html
        assert "李明华" not in html and scene.recommended["phone"] not in html
        assert "赵小燕" not in html
        assert "<meter" in html and "匹配理由" in html
        assert "技能等级符合" in html or "职业" in html
        only = await client.get(url, params={"applied_only": "true"})
        assert "王建国" in only.text and "李**" not in only.text
        senior = await client.get(url, params={"skill_level": "senior"})
        assert "王建国" not in senior.text
        district = await client.get(url, params={"district": "新北区", "order": "mixed"})
        assert "李**" in district.text and "王建国" not in district.text
        english = await client.get(url, params={"lang": "en"})
        assert "Applicants first" in english.text and "Why this match" in english.text


async def test_stage_note_intention_and_invite_from_the_page(api: Api) -> None:
    scene = await hiring_scene(api)
    posting_id = scene.posting_a["id"]
    async with browser(api) as client:
        await portal_login(client)
        back = f"/portal/postings/{posting_id}/candidates"
        csrf = csrf_of((await client.get(back)).text)
        staged = await client.post(
            f"/portal/applications/{scene.application_id}",
            data={
                "csrf": csrf,
                "stage": "contacted",
                "note": "电话已约",
                "back": back,
                "resume_id": str(scene.applicant["id"]),
            },
        )
        who = scene.applicant["id"]
        assert staged.headers["location"] == f"{back}?done=stage&c={who}#c{who}"
        confirmed = (await client.get(staged.headers["location"])).text
        assert "已保存：阶段为“已联系”" in confirmed
        assert 'href="/me"' not in confirmed  # the seekers' 我的投递 is not in a firm's header
        assert f'name="back" value="{back}"' in confirmed  # the next action starts clean
        ids = {"posting_id": str(posting_id), "back": back, "csrf": csrf}
        intended = await client.post("/portal/intentions", data=ids | {"resume_id": str(who)})
        shown = (await client.get(intended.headers["location"])).text
        assert "已登记初步意向，阶段为“初步意向”" in shown
        assert '<option value="intention" selected>' in shown  # stage and tag agree
        backwards = await client.post(
            f"/portal/applications/{scene.application_id}",
            data={"csrf": csrf, "stage": "new", "back": back, "resume_id": str(who)},
        )
        assert backwards.status_code == 409
        assert "初步意向" in backwards.text
        await client.post(
            "/portal/invitations", data=ids | {"resume_id": str(scene.recommended["id"])}
        )
        page = await client.get(back)
        assert "电话已约" in page.text and "已邀请" in page.text
        pdf = await client.get(f"/portal/resumes/{scene.applicant['id']}/pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        xlsx = await client.get(f"/portal/postings/{posting_id}/export", params={"format": "xlsx"})
        assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
        big = await client.get(
            f"/portal/postings/{posting_id}/export", params={"format": "zip", "limit": 500}
        )
        assert big.status_code == 303
        progress_url = big.headers["location"]
        await api.settle()
        progress = await client.get(progress_url)
        assert "下载文件" in progress.text
        assert "北京时间" in progress.text and "UTC" not in progress.text
        archive = await client.get(f"{progress_url}/file")
        assert archive.headers["content-type"] == "application/zip"
    async with api.runtime.sessions() as session:
        application = await session.get(Application, scene.application_id)
        assert application is not None
        assert (application.stage.value, application.note) == ("intention", "电话已约")
        assert (await session.scalars(select(Intention))).one().resume_id == scene.applicant["id"]
        invitation = (await session.scalars(select(Invitation))).one()
        assert invitation.resume_id == scene.recommended["id"]
