"""The training providers catalogue and school accounts in the organizer console and the API."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from services.auth.secrets import hash_token
from services.models import School, TrainingProvider
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_resume
from tests.support.pages import browser, csrf_of, organizer_sign_in

WELDING: dict[str, Any] = {
    "name": "常州市焊接技能培训中心",
    "address": "武进区常武中路 18 号",
    "phone": "0519-86001234",
    "courses": ["焊工中级工培训", "特种作业焊工取证班"],
    "certificates": ["焊工证", "焊工职业技能等级证书（中级工）"],
}


async def _rows(api: Api) -> list[TrainingProvider]:
    async with api.runtime.sessions() as session:
        return list(await session.scalars(select(TrainingProvider).order_by(TrainingProvider.id)))


async def test_organizers_list_edit_and_remove_providers(api: Api) -> None:
    created = await api.request("POST", "/api/training-providers", token=ADMIN_TOKEN, json=WELDING)
    assert created.status_code == 201, created.text
    provider: dict[str, Any] = created.json()
    assert {k: provider[k] for k in WELDING} == WELDING
    [row] = await _rows(api)
    assert (row.name, row.courses, row.certificates) == (
        WELDING["name"],
        WELDING["courses"],
        WELDING["certificates"],
    )
    url = f"/api/training-providers/{provider['id']}"
    changed = await api.request("PUT", url, token=ADMIN_TOKEN, json=WELDING | {"phone": "0519-1"})
    assert changed.status_code == 200 and changed.json()["phone"] == "0519-1"
    listed = await api.request("GET", "/api/training-providers", token=ADMIN_TOKEN)
    assert [p["phone"] for p in listed.json()["items"]] == ["0519-1"]
    assert (await api.request("DELETE", url, token=ADMIN_TOKEN)).status_code == 204
    assert await _rows(api) == []
    assert (await api.request("DELETE", url, token=ADMIN_TOKEN)).status_code == 404
    assert (await api.request("PUT", url, token=ADMIN_TOKEN, json=WELDING)).status_code == 404


async def test_provider_bodies_are_checked(api: Api) -> None:
    for body in ({"name": ""}, {"name": "x", "courses": ["a"] * 31}, {"name": "x", "extra": 1}):
        response = await api.request(
            "POST", "/api/training-providers", token=ADMIN_TOKEN, json=body
        )
        assert response.status_code == 422, body
    assert await _rows(api) == []


async def test_only_organizers_touch_the_catalogue(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    seeker = await make_resume(api)
    created = await api.request("POST", "/api/training-providers", token=ADMIN_TOKEN, json=WELDING)
    url = f"/api/training-providers/{created.json()['id']}"
    calls = [
        ("GET", "/api/training-providers", None),
        ("POST", "/api/training-providers", WELDING),
        ("PUT", url, WELDING),
        ("DELETE", url, None),
    ]
    for method, path, body in calls:
        assert (await api.request(method, path, json=body)).status_code == 401
        for token in (firm["token"], seeker["token"]):
            response = await api.request(method, path, token=token, json=body)
            assert response.status_code == 403, (method, path)
    assert len(await _rows(api)) == 1


async def test_the_console_lists_creates_and_deletes_providers(api: Api) -> None:
    async with browser(api) as client:
        anonymous = await client.get("/organizer/training")
        assert anonymous.status_code == 303 and "/dashboard/login" in anonymous.headers["location"]
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/training")
        home = await client.get("/organizer")
        assert (
            'href="/organizer/training"' in home.text and 'href="/organizer/schools"' in home.text
        )
        page = await client.get("/organizer/training")
        assert page.status_code == 200
        form = {
            "csrf": csrf_of(page.text),
            "name": WELDING["name"],
            "address": WELDING["address"],
            "phone": WELDING["phone"],
            "courses": "焊工中级工培训、特种作业焊工取证班",
            "certificates": "焊工证\n焊工职业技能等级证书（中级工）",
        }
        saved = await client.post("/organizer/training", data=form)
        assert saved.status_code == 303
        [row] = await _rows(api)
        assert (row.courses, row.certificates) == (WELDING["courses"], WELDING["certificates"])
        listing = await client.get("/organizer/training")
        assert WELDING["name"] in listing.text and WELDING["address"] in listing.text
        bad = await client.post("/organizer/training", data=form | {"name": ""})
        assert bad.status_code == 422 and 'aria-invalid="true"' in bad.text
        gone = await client.post(
            f"/organizer/training/{row.id}/delete", data={"csrf": csrf_of(listing.text)}
        )
        assert gone.status_code == 303 and await _rows(api) == []
        forged = await client.post("/organizer/training", data=form | {"csrf": "x" * 43})
        assert forged.status_code == 403 and await _rows(api) == []


async def test_the_console_shows_a_new_schools_token_once(api: Api) -> None:
    async with browser(api) as client:
        await organizer_sign_in(client, ADMIN_TOKEN, "/organizer/schools")
        page = await client.get("/organizer/schools")
        created = await client.post(
            "/organizer/schools",
            data={
                "csrf": csrf_of(page.text),
                "name": "常州技师学院",
                "majors": "焊接技术与自动化，数控技术",
                "occupation_codes": "6-18",
            },
        )
        assert created.status_code == 200 and created.headers["cache-control"] == "no-store"
        token = re.search(r'<code id="school-token">(fm_sc_[^<]+)</code>', created.text)
        assert token is not None
        async with api.runtime.sessions() as session:
            school = await session.scalar(select(School))
            assert school is not None
            assert school.token_hash == hash_token(token.group(1))
            assert (school.majors, school.occupation_codes) == (
                ["焊接技术与自动化", "数控技术"],
                ["6-18"],
            )
        again = await client.get("/organizer/schools")
        assert "常州技师学院" in again.text and token.group(1) not in again.text
        bad = await client.post(
            "/organizer/schools",
            data={"csrf": csrf_of(again.text), "name": "某校", "occupation_codes": "6-18%"},
        )
        assert bad.status_code == 422
        gone = await client.post(
            f"/organizer/schools/{school.id}/delete", data={"csrf": csrf_of(again.text)}
        )
        assert gone.status_code == 303
        report = await api.request("GET", f"/api/schools/{school.id}/report", token=token.group(1))
        assert report.status_code == 401, "a deleted school's token stops working"
