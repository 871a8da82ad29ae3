"""Fairs and enterprise accounts: organizer only, validated, one JSON error shape."""

from __future__ import annotations

import pytest

from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import FAIR, make_enterprise, make_fair, make_resume, posting_body


async def test_organizer_creates_fair(api: Api) -> None:
    response = await api.request("POST", "/api/fairs", token=ADMIN_TOKEN, json=FAIR)
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == FAIR["name"]
    read = await api.request("GET", f"/api/fairs/{body['id']}")
    assert read.status_code == 200
    assert read.json()["venue"] == FAIR["venue"]


@pytest.mark.parametrize(
    "change",
    [
        {"ends_at": "2025-03-01T07:00:00+08:00"},
        {"starts_at": "2025-03-01T08:30:00"},
        {"name": ""},
        {"unexpected": 1},
    ],
)
async def test_invalid_fair_is_rejected_and_nothing_is_stored(
    api: Api, change: dict[str, str]
) -> None:
    response = await api.request("POST", "/api/fairs", token=ADMIN_TOKEN, json=FAIR | change)
    assert response.status_code == 422
    assert response.json()["error"] == "ValidationError"
    assert (await api.request("GET", "/api/fairs/1")).status_code == 404


async def test_only_organizers_create_fairs(api: Api) -> None:
    anonymous = await api.request("POST", "/api/fairs", json=FAIR)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "NotAuthenticated"
    forged = await api.request("POST", "/api/fairs", token="fm_o_guess", json=FAIR)
    assert forged.status_code == 401
    garbage = await api.request("POST", "/api/fairs", token="not-a-token", json=FAIR)
    assert garbage.status_code == 401
    fair_id = await make_fair(api)
    seeker = await make_resume(api)
    as_seeker = await api.request("POST", "/api/fairs", token=seeker["token"], json=FAIR)
    assert as_seeker.status_code == 403
    firm = await make_enterprise(api, fair_id)
    as_firm = await api.request("POST", "/api/fairs", token=firm["token"], json=FAIR)
    assert as_firm.status_code == 403
    assert as_firm.json()["error"] == "Forbidden"


async def test_enterprise_account_gets_token_and_booth(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, booth="B07", username="hengli")
    assert firm["token"].startswith("fm_e_")
    assert firm["booth"] == "B07"
    assert firm["username"] == "hengli"
    clash = await api.request(
        "POST",
        f"/api/fairs/{fair_id}/enterprises",
        token=ADMIN_TOKEN,
        json={"name": "另一家公司", "booth": "B07"},
    )
    assert clash.status_code == 409
    assert clash.json()["error"] == "Conflict"


async def test_enterprise_creation_validates_and_authorizes(api: Api) -> None:
    fair_id = await make_fair(api)
    unknown_fair = await api.request(
        "POST", "/api/fairs/999/enterprises", token=ADMIN_TOKEN, json={"name": "甲", "booth": "A1"}
    )
    assert unknown_fair.status_code == 404
    assert unknown_fair.json()["error"] == "FairNotFound"
    bad_phone = await api.request(
        "POST",
        f"/api/fairs/{fair_id}/enterprises",
        token=ADMIN_TOKEN,
        json={"name": "甲", "booth": "A1", "contact_phone": "12345"},
    )
    assert bad_phone.status_code == 422
    anonymous = await api.request(
        "POST", f"/api/fairs/{fair_id}/enterprises", json={"name": "甲", "booth": "A1"}
    )
    assert anonymous.status_code == 401


async def test_enterprise_login_issues_a_session_token(api: Api) -> None:
    fair_id = await make_fair(api)
    await make_enterprise(api, fair_id, username="hengli", password="correct-horse-1")
    wrong = await api.request(
        "POST", "/api/auth/login", json={"username": "hengli", "password": "wrong-password"}
    )
    assert wrong.status_code == 401
    unknown = await api.request(
        "POST", "/api/auth/login", json={"username": "nobody", "password": "correct-horse-1"}
    )
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == wrong.json()["detail"]
    ok = await api.request(
        "POST", "/api/auth/login", json={"username": "hengli", "password": "correct-horse-1"}
    )
    assert ok.status_code == 200
    token = ok.json()["token"]
    posting = await api.request("POST", "/api/postings", token=token, json=posting_body(fair_id))
    assert posting.status_code == 201
    assert (await api.request("POST", "/api/auth/logout", token=token)).status_code == 204
    after = await api.request("POST", "/api/postings", token=token, json=posting_body(fair_id))
    assert after.status_code == 401
