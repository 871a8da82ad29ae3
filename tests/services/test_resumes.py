"""Résumés: consent, validation, the seeker's own token, and complete deletion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from search.types import IndexName
from services.matching.documents import RESUME_MATCH_COLUMNS, resume_profile, stored_distribution
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_resume, resume_body


async def test_create_returns_token_cookie_and_occupation(api: Api) -> None:
    response = await api.client.post("/api/resumes", json=resume_body(name="李娜"))
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("fm_s_")
    assert body["occupation_code"] in {"6-18-01-01", "6-18-01-07"}
    cookie = response.headers["set-cookie"]
    assert "fm_seeker=" in cookie
    assert "HttpOnly" in cookie
    by_cookie = await api.client.get(f"/api/resumes/{body['id']}")
    assert by_cookie.status_code == 200
    assert by_cookie.json()["name"] == "李娜"


async def test_resume_keeps_its_top5_occupation_distribution(api: Api) -> None:
    made = await make_resume(api)
    await api.request(
        "PATCH", f"/api/resumes/{made['id']}", token=made["token"], json={"desired_title": "电焊工"}
    )
    async with api.runtime.sessions() as session:
        row = (await session.execute(select(*RESUME_MATCH_COLUMNS))).one()
    assert 1 <= len(row.occupation_probs) <= 5
    assert row.occupation_probs[0][0] == row.occupation_code == "6-18-02-04"
    probabilities = [p for _, p in row.occupation_probs]
    assert probabilities == sorted(probabilities, reverse=True) and sum(probabilities) <= 1.0001
    profile = resume_profile(row)
    assert profile.occupation_probs[0] == ("6-18-02-04", probabilities[0])


def test_malformed_stored_distribution_reads_as_none() -> None:
    assert stored_distribution([["6-18-02-04", 0.9], ["6-18-02-00", 0.05]]) == (
        ("6-18-02-04", 0.9),
        ("6-18-02-00", 0.05),
    )
    for bad in (None, "6-18", [["6-18-02-04"]], [[1, 0.5]], [["6-18-02-04", "0.9"]]):
        assert stored_distribution(bad) == ()


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"consent": False}, "consent"),
        ({"phone": "1234567"}, "phone"),
        ({"phone": "12812345678"}, "phone"),
        ({"education": "kindergarten"}, "education"),
        ({"skill_level": "guru"}, "skill_level"),
        ({"name": ""}, "name"),
        ({"years_experience": -1}, "years_experience"),
        ({"experience": "长" * 5001}, "experience"),
    ],
)
async def test_invalid_resume_is_rejected(api: Api, change: dict[str, object], needle: str) -> None:
    response = await api.request("POST", "/api/resumes", json=resume_body(**change))
    assert response.status_code == 422
    assert needle in response.text
    assert response.json()["error"] == "ValidationError"


async def test_missing_consent_field_is_rejected(api: Api) -> None:
    body = resume_body()
    del body["consent"]
    assert (await api.request("POST", "/api/resumes", json=body)).status_code == 422


async def test_only_the_seeker_reads_and_edits(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    mine = await make_resume(api)
    theirs = await make_resume(api)
    url = f"/api/resumes/{mine['id']}"
    assert (await api.request("GET", url)).status_code == 401
    assert (await api.request("GET", url, token=theirs["token"])).status_code == 403
    assert (await api.request("GET", url, token=firm["token"])).status_code == 403
    assert (await api.request("GET", url, token=ADMIN_TOKEN)).status_code == 403
    edit = await api.request(
        "PATCH", url, token=mine["token"], json={"desired_title": "电焊工", "expected_salary": 9000}
    )
    assert edit.status_code == 200
    assert edit.json()["occupation_code"] == "6-18-02-04"
    assert edit.json()["expected_salary"] == 9000
    bad = await api.request("PATCH", url, token=mine["token"], json={"phone": "abc"})
    assert bad.status_code == 422
    assert (await api.request("GET", url, token=mine["token"])).json()["expected_salary"] == 9000
    hijack = await api.request("PATCH", url, token=theirs["token"], json={"name": "冒名"})
    assert hijack.status_code == 403


async def test_delete_removes_database_row_index_entry_and_token(api: Api) -> None:
    resume = await make_resume(api)
    await api.settle()
    assert await api.runtime.search.get(IndexName.resumes, resume["id"]) is not None
    url = f"/api/resumes/{resume['id']}"
    other = await make_resume(api)
    assert (await api.request("DELETE", url, token=other["token"])).status_code == 403
    deleted = await api.request("DELETE", url, token=resume["token"])
    assert deleted.status_code == 204
    await api.settle()
    assert await api.runtime.search.get(IndexName.resumes, resume["id"]) is None
    assert (await api.request("GET", url, token=resume["token"])).status_code == 401
    assert (await api.request("GET", url, token=other["token"])).status_code == 404
