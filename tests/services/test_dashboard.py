"""Organizer sign-in (cookie, CSRF), the dashboard page, live stats auth and the demand map."""

from __future__ import annotations

from services.auth.organizer_sessions import ORGANIZER_COOKIE
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_resume
from tests.services.test_counters import build_fair
from tests.support.pages import organizer_sign_in as sign_in


async def test_dashboard_needs_an_organizer_session(api: Api) -> None:
    fair = await build_fair(api)
    client = api.client
    client.cookies.clear()
    url = f"/dashboard/{fair.fair_id}"
    anonymous = await client.get(url)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith(
        "/dashboard/login"
    )
    assert (await client.get(f"/api/fairs/{fair.fair_id}/stats/live")).status_code == 401

    wrong = await sign_in(client, fair.firms[0]["token"], url)
    assert wrong.status_code == 303 and "failed=1" in wrong.headers["location"]
    assert ORGANIZER_COOKIE not in client.cookies

    forged = await client.post("/dashboard/login", data={"token": ADMIN_TOKEN, "csrf": "x" * 43})
    assert forged.status_code == 403

    signed = await sign_in(client, ADMIN_TOKEN, url)
    assert signed.status_code == 303 and signed.headers["location"] == url
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")

    page = await client.get(url)
    assert page.status_code == 200
    assert "招聘会实时数据" in page.text and "人才供需图" in page.text
    assert "vendor/echarts.js" in page.text or "echarts" not in page.text
    english = await client.get(url, params={"lang": "en"})
    assert "Talent demand map" in english.text

    live = await client.get(f"/api/fairs/{fair.fair_id}/stats/live")
    assert live.status_code == 200 and live.json()["totals"]["resume"] == 0
    listing = await client.get("/dashboard")
    assert f"/dashboard/{fair.fair_id}" in listing.text


async def test_seeker_token_cannot_read_live_stats(api: Api) -> None:
    fair = await build_fair(api)
    seeker = await make_resume(api, fair_id=fair.fair_id)
    response = await api.request(
        "GET", f"/api/fairs/{fair.fair_id}/stats/live", token=seeker["token"]
    )
    assert response.status_code == 403


async def test_demand_map_compares_openings_with_resumes(api: Api) -> None:
    fair = await build_fair(api)
    for level in ("intermediate", "intermediate", "senior"):
        await make_resume(api, fair_id=fair.fair_id, skill_level=level, desired_title="数控车工")
    response = await api.request(
        "GET", f"/api/fairs/{fair.fair_id}/demand", token=ADMIN_TOKEN, params={"lang": "en"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [level["key"] for level in body["levels"]][:3] == [
        "apprentice",
        "junior",
        "intermediate",
    ]
    assert body["levels"][-1]["label"] == "Unspecified"
    demand = sum(n for row in body["groups"] for n in row["demand"].values())
    supply = sum(n for row in body["groups"] for n in row["supply"].values())
    assert demand == 5 + 3 + 4 + 2 and supply == 3
    trades = {row["code"]: row for row in body["trades"]}
    assert all(row["group"].endswith("-00-00") for row in trades.values())
    lathe = next(p for p in fair.postings if p["title"] == "数控车工")
    assert trades[lathe["occupation_code"]]["demand"]["intermediate"] == 5
    assert (await api.request("GET", f"/api/fairs/{fair.fair_id}/demand")).status_code == 401
