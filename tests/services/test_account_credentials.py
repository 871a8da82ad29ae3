"""Issue 22 rows 6 and 10: passwords change and reset, API tokens rotate and revoke, and an
organizer's dashboard cookie dies at logout."""

from __future__ import annotations

import re

import httpx

from services.auth.organizer_sessions import ORGANIZER_COOKIE
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair
from tests.support.pages import browser, csrf_of
from tests.support.portal import PASSWORD, hiring_scene, portal_login

NEW_PASSWORD = "钳工班组-换了新密码-7"


async def _login(api: Api, password: str) -> httpx.Response:
    body = {"username": "hengli", "password": password}
    return await api.request("POST", "/api/auth/login", json=body)


async def test_a_firm_changes_its_password_and_other_sessions_end(api: Api) -> None:
    fair_id = await make_fair(api)
    await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    here = (await _login(api, PASSWORD)).json()["token"]
    elsewhere = (await _login(api, PASSWORD)).json()["token"]
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    wrong = await api.request(
        "POST", "/api/auth/password", token=here, json=change | {"current_password": "x" * 12}
    )
    assert wrong.status_code == 401
    weak = await api.request(
        "POST", "/api/auth/password", token=here, json=change | {"new_password": "1234567890"}
    )
    assert weak.status_code == 422
    done = await api.request("POST", "/api/auth/password", token=here, json=change)
    assert done.status_code == 204
    assert (await _login(api, PASSWORD)).status_code == 401
    assert (await _login(api, NEW_PASSWORD)).status_code == 200
    assert (await api.request("POST", "/api/auth/logout", token=elsewhere)).status_code == 401
    assert (await api.request("POST", "/api/auth/logout", token=here)).status_code == 204


async def test_an_organizer_resets_a_password_and_every_session_ends(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    session = (await _login(api, PASSWORD)).json()["token"]
    refused = await api.request("POST", f"/api/enterprises/{firm['id']}/password", token=session)
    assert refused.status_code == 403
    reset = await api.request("POST", f"/api/enterprises/{firm['id']}/password", token=ADMIN_TOKEN)
    assert reset.status_code == 200
    temporary = reset.json()["password"]
    assert (await api.request("POST", "/api/auth/logout", token=session)).status_code == 401
    assert (await _login(api, PASSWORD)).status_code == 401
    assert (await _login(api, temporary)).status_code == 200
    missing = await api.request("POST", "/api/enterprises/999999/password", token=ADMIN_TOKEN)
    assert missing.status_code == 404


async def test_the_permanent_api_token_rotates_and_revokes(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, username="hengli", password=PASSWORD)
    old = firm["token"]
    rotated = await api.request("POST", "/api/auth/token", token=old)
    assert rotated.status_code == 200
    new = rotated.json()["token"]
    assert new != old and new.startswith("fm_e_")
    assert (await api.request("DELETE", "/api/auth/token", token=old)).status_code == 401
    assert (await api.request("DELETE", "/api/auth/token", token=new)).status_code == 204
    assert (await api.request("POST", "/api/auth/token", token=new)).status_code == 401
    reissued = await api.request("POST", f"/api/enterprises/{firm['id']}/token", token=ADMIN_TOKEN)
    assert reissued.status_code == 200
    assert (
        await api.request("POST", "/api/auth/logout", token=reissued.json()["token"])
    ).status_code == 204


async def _dashboard_sign_in(client: httpx.AsyncClient) -> str:
    form = await client.get("/dashboard/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf
    signed = await client.post(
        "/dashboard/login", data={"token": ADMIN_TOKEN, "csrf": csrf.group(1), "next": "/dashboard"}
    )
    assert signed.status_code == 303
    return client.cookies[ORGANIZER_COOKIE]


async def test_a_dashboard_cookie_copied_before_logout_is_dead_after_it(api: Api) -> None:
    client = api.client
    client.cookies.clear()
    cookie = await _dashboard_sign_in(client)
    assert (await client.get("/dashboard")).status_code == 200
    page = await client.get("/dashboard")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    out = await client.post("/dashboard/logout", data={"csrf": csrf.group(1)})
    assert out.status_code == 303
    client.cookies.clear()
    client.cookies.set(ORGANIZER_COOKIE, cookie)
    replay = await client.get("/dashboard", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"].startswith("/dashboard/login")


async def test_a_firm_changes_its_password_on_the_portal(api: Api) -> None:
    await hiring_scene(api)
    async with browser(api) as firm:
        await portal_login(firm)
        page = await firm.get("/portal/account")
        assert page.status_code == 200 and "修改密码" in page.text
        fields = {"csrf": csrf_of(page.text), "current_password": PASSWORD}
        wrong = await firm.post(
            "/portal/account/password",
            data=fields | {"current_password": "not-the-password", "new_password": NEW_PASSWORD},
        )
        assert wrong.status_code == 422 and "用户名或密码错误" in wrong.text
        weak = await firm.post(
            "/portal/account/password", data=fields | {"new_password": "12345678"}
        )
        assert weak.status_code == 422 and "至少 10 个字符" in weak.text
        done = await firm.post(
            "/portal/account/password", data=fields | {"new_password": NEW_PASSWORD}
        )
        assert done.status_code == 200 and "密码已修改" in done.text
        assert (await firm.get("/portal/postings")).status_code == 200, "this session stays"
    assert (await _login(api, PASSWORD)).status_code == 401
    assert (await _login(api, NEW_PASSWORD)).status_code == 200
