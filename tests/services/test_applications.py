"""Applying is idempotent and durable; enterprises record intentions for their candidates."""

from __future__ import annotations

import asyncio

from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume


async def test_apply_twice_returns_the_same_application(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api)
    first = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    assert first.status_code == 201
    again = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    mine = await api.request(
        "GET", f"/api/resumes/{seeker['id']}/applications", token=seeker["token"]
    )
    items = mine.json()["items"]
    assert len(items) == 1
    assert items[0]["booth"] == firm["booth"]
    assert items[0]["posting_title"] == posting["title"]
    assert items[0]["intention"] is False


async def test_apply_errors(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api)
    body = {"posting_id": posting["id"]}
    assert (await api.request("POST", "/api/applications", json=body)).status_code == 401
    as_firm = await api.request("POST", "/api/applications", token=firm["token"], json=body)
    assert as_firm.status_code == 403
    as_org = await api.request("POST", "/api/applications", token=ADMIN_TOKEN, json=body)
    assert as_org.status_code == 403
    unknown = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": 424242}
    )
    assert unknown.status_code == 404
    malformed = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": "abc"}
    )
    assert malformed.status_code == 422
    await api.request(
        "PATCH", f"/api/postings/{posting['id']}", token=firm["token"], json={"status": "closed"}
    )
    closed = await api.request("POST", "/api/applications", token=seeker["token"], json=body)
    assert closed.status_code == 409


async def test_withdraw_then_reapply(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api)
    other = await make_resume(api)
    applied = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    app_url = f"/api/applications/{applied.json()['id']}"
    assert (await api.request("DELETE", app_url, token=other["token"])).status_code == 404
    assert (await api.request("DELETE", app_url, token=seeker["token"])).status_code == 204
    mine = await api.request(
        "GET", f"/api/resumes/{seeker['id']}/applications", token=seeker["token"]
    )
    assert mine.json()["items"][0]["status"] == "withdrawn"
    again = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    assert again.status_code == 200
    assert again.json()["status"] == "submitted"


async def test_intentions_only_for_own_postings_and_visible_candidates(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    rival = await make_enterprise(api, fair_id, name="常州天合光伏组件有限公司")
    posting = await make_posting(api, firm["token"], fair_id)
    applicant = await make_resume(api)
    private = await make_resume(api, open_to_recommendations=False)
    await api.request(
        "POST", "/api/applications", token=applicant["token"], json={"posting_id": posting["id"]}
    )
    body = {"posting_id": posting["id"], "resume_id": applicant["id"], "note": "周一面试"}
    by_rival = await api.request("POST", "/api/intentions", token=rival["token"], json=body)
    assert by_rival.status_code == 403
    by_seeker = await api.request("POST", "/api/intentions", token=applicant["token"], json=body)
    assert by_seeker.status_code == 403
    hidden = await api.request(
        "POST", "/api/intentions", token=firm["token"], json=body | {"resume_id": private["id"]}
    )
    assert hidden.status_code == 404
    created = await api.request("POST", "/api/intentions", token=firm["token"], json=body)
    assert created.status_code == 201
    again = await api.request("POST", "/api/intentions", token=firm["token"], json=body)
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    mine = await api.request(
        "GET", f"/api/resumes/{applicant['id']}/applications", token=applicant["token"]
    )
    assert mine.json()["items"][0]["intention"] is True
    assert mine.json()["items"][0]["stage"] == "intention"


async def test_concurrent_taps_on_apply_make_one_application(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    posting = await make_posting(api, firm["token"], fair_id)
    seeker = await make_resume(api)
    body = {"posting_id": posting["id"]}
    answers = await asyncio.gather(
        *(
            api.request("POST", "/api/applications", token=seeker["token"], json=body)
            for _ in range(8)
        )
    )
    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    assert len({a.json()["id"] for a in answers}) == 1
    mine = await api.request(
        "GET", f"/api/resumes/{seeker['id']}/applications", token=seeker["token"]
    )
    assert len(mine.json()["items"]) == 1
