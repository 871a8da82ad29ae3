"""Issue 22 rows 8, 9 and 11: the fair's counts cannot be faked cheaply.

Row 8: the per-account limit keys on the credential authentication used, so decoy cookies do not
reset it. Row 9: an intention only for the firm's own applicants or seekers who accepted its
invitation. Row 11: page hits and scans count once per visitor per minute, and only so many per
address.
"""

from __future__ import annotations

import pytest

from services.config import Settings
from services.web.ratelimit import account_key
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume
from tests.support.pages import browser
from tests.support.portal import hiring_scene
from tests.support.sqlite_only import database_url  # noqa: F401 - SQLite only

HITS_PER_ADDRESS = 20


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "rate_limit_applications_per_account": 1,
            "rate_limit_hits_per_address": HITS_PER_ADDRESS,
        }
    )


async def _scans(api: Api, fair_id: int) -> int:
    stats = await api.request("GET", f"/api/fairs/{fair_id}/stats", token=ADMIN_TOKEN)
    scans: int = stats.json()["scans"]
    return scans


async def test_decoy_cookies_do_not_reset_the_per_account_limit(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    postings = [(await make_posting(api, firm["token"], fair_id))["id"] for _ in range(4)]
    seeker = await make_resume(api)
    token = seeker["token"]
    api.client.cookies.clear()

    async def apply(posting_id: int, headers: list[tuple[str, str]]) -> int:
        response = await api.client.post(
            "/api/applications", json={"posting_id": posting_id}, headers=headers
        )
        return response.status_code

    bearer = ("Authorization", f"Bearer {token}")
    assert await apply(postings[0], [bearer]) == 201
    assert await apply(postings[1], [bearer]) == 429
    attacks = [
        [("Cookie", "fm_ent=fm_e_decoy1"), bearer],
        [("Cookie", f"fm_seeker=fm_s_decoy2; fm_seeker={token}")],
        [("Cookie", f"fm_ent=fm_e_decoy3; fm_seeker={token}")],
        [("Cookie", "fm_seeker=fm_s_decoy4"), bearer],
    ]
    statuses = [await apply(postings[1 + i % 3], headers) for i, headers in enumerate(attacks)]
    assert statuses == [429, 429, 429, 429]


def test_the_limiter_reads_the_credential_authentication_reads() -> None:
    def scope(path: str, *headers: tuple[bytes, bytes]) -> dict[str, object]:
        return {"type": "http", "path": path, "headers": list(headers)}

    real = account_key(scope("/api/applications", (b"authorization", b"Bearer fm_s_real")))
    decoyed = account_key(
        scope(
            "/api/applications",
            (b"cookie", b"fm_seeker=fm_s_decoy"),
            (b"authorization", b"Bearer fm_s_real"),
        )
    )
    assert real == decoyed
    portal = account_key(scope("/portal/postings/1/export", (b"cookie", b"fm_ent=a; fm_ent=b")))
    assert portal == account_key(scope("/portal/postings/1/export", (b"cookie", b"fm_ent=b")))
    assert account_key(scope("/portal/postings/1/export", (b"cookie", b"fm_seeker=x"))) is None


async def test_intentions_only_for_own_applicants_or_accepted_invitations(api: Api) -> None:
    scene = await hiring_scene(api)
    stranger = await make_resume(api, name="孙外来", desired_title="电焊工")

    async def intention(resume_id: int) -> int:
        body = {"posting_id": scene.posting_b["id"], "resume_id": resume_id}
        return (await api.request("POST", "/api/intentions", token=scene.b, json=body)).status_code

    assert await intention(stranger["id"]) == 403, "an opted-in stranger inflates no KPI"
    assert await intention(scene.applicant["id"]) == 403, "another firm's applicant"
    invited = await api.request(
        "POST",
        "/api/invitations",
        token=scene.b,
        json={"posting_id": scene.posting_b["id"], "resume_id": stranger["id"]},
    )
    assert invited.status_code == 201, invited.text
    assert await intention(stranger["id"]) == 403, "an unanswered invitation is not consent"
    answer = f"/api/invitations/{invited.json()['id']}/accept"
    assert (await api.request("POST", answer, token=stranger["token"])).status_code == 200
    assert await intention(stranger["id"]) == 201
    assert await intention(scene.private["id"]) == 201, "the firm's own applicant"


async def test_anonymous_hits_count_once_per_visitor_per_minute(api: Api) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id)
    hit = {"page": "scan", "source": "booth-A01", "enterprise_id": firm["id"]}
    statuses = [
        (await api.request("POST", f"/api/fairs/{fair_id}/hits", json=hit)).status_code
        for _ in range(50)
    ]
    assert await _scans(api, fair_id) == 1, "one address without a cookie is one visitor"
    assert set(statuses) <= {204, 429}
    fresh = [
        (
            await api.client.post(
                f"/api/fairs/{fair_id}/hits",
                json=hit,
                headers={"Cookie": f"fm_csrf={'v' * 30}{n:012d}"},
            )
        ).status_code
        for n in range(100)
    ]
    assert 429 in fresh
    assert await _scans(api, fair_id) <= HITS_PER_ADDRESS, "new cookies do not mint visitors"


async def test_page_views_count_once_per_browser_per_minute(api: Api) -> None:
    fair_id = await make_fair(api)
    async with browser(api) as phone:
        for _ in range(5):
            assert (await phone.get(f"/f/{fair_id}?s=booth-A01")).status_code == 200
    assert await _scans(api, fair_id) == 1
