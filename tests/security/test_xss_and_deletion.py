"""Script payloads in names and résumé text render escaped; deleting a seeker removes them
from the database and the search index."""

from __future__ import annotations

import pytest

from search.types import IndexName
from services.auth.organizer_sessions import ORGANIZER_COOKIE, open_organizer_session
from services.models import Resume
from tests.security.world import CSRF, build_world, concrete
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

PAYLOAD = "<script>alert('xss')</script>"


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, database_url: str) -> str:
    return database_url


async def test_script_payloads_render_escaped_on_every_page(api: Api) -> None:
    world = await build_world(api, name=PAYLOAD + "王", experience=PAYLOAD + "经验")
    pages = {
        "seeker": ["/me", "/me/recommendations", "/jobs/{posting_id}"],
        "enterprise_a": ["/portal/postings", "/portal/postings/{posting_id}/candidates"],
    }
    seen = 0
    for who, paths in pages.items():
        caller = world.callers[who]
        for path in paths:
            api.client.cookies.clear()
            page = await api.client.get(concrete(path, world.ids), headers=caller.headers())
            assert page.status_code == 200, (path, page.status_code)
            assert PAYLOAD not in page.text, path
            seen += "&lt;script&gt;" in page.text
    assert seen >= 2  # the payload was shown (escaped) on the seeker's and the firm's pages


async def test_a_firms_script_payloads_render_escaped_for_seekers_and_organizers(
    api: Api,
) -> None:
    fair_id = await make_fair(api)
    firm = await make_enterprise(api, fair_id, name=PAYLOAD + "公司")
    posting = await make_posting(api, firm["token"], fair_id, title=PAYLOAD + "车工")
    await api.settle()
    async with api.runtime.sessions() as session:
        cookie = await open_organizer_session(session=session, organizer_id=0)
    organizer = {"Cookie": f"{ORGANIZER_COOKIE}={cookie}"}
    pages = {
        f"/f/{fair_id}": {},
        f"/f/{fair_id}/b/{firm['id']}": {},
        f"/jobs/{posting['id']}": {},
        "/dashboard": organizer,
        f"/dashboard/{fair_id}": organizer,
    }
    seen = 0
    for path, headers in pages.items():
        api.client.cookies.clear()
        page = await api.client.get(path, headers=headers)
        assert page.status_code == 200, (path, page.status_code)
        assert PAYLOAD not in page.text, path
        seen += "&lt;script&gt;" in page.text
    assert seen >= 3  # the firm's name and title were shown, escaped


async def test_deleting_a_seeker_removes_the_resume_everywhere(api: Api) -> None:
    seeker = await make_resume(api, name="删除测试")
    await api.settle()
    assert seeker["id"] in await api.runtime.search.all_ids(IndexName.resumes)
    gone = await api.request("DELETE", f"/api/resumes/{seeker['id']}", token=seeker["token"])
    assert gone.status_code == 204
    await api.settle()
    async with api.runtime.sessions() as session:
        assert await session.get(Resume, seeker["id"]) is None
    assert seeker["id"] not in await api.runtime.search.all_ids(IndexName.resumes)
    again = await api.request("GET", f"/api/resumes/{seeker['id']}", token=seeker["token"])
    assert again.status_code == 401  # the token died with the résumé


async def test_page_deletion_needs_the_form_token(api: Api) -> None:
    seeker = await make_resume(api, name="页面删除")
    cookies = {"Cookie": f"fm_seeker={seeker['token']}; fm_csrf={CSRF}"}
    api.client.cookies.clear()
    forged = await api.client.post("/me/delete", headers=cookies, data={"csrf": "x" * 43})
    assert forged.status_code == 403
    async with api.runtime.sessions() as session:
        assert await session.get(Resume, seeker["id"]) is not None
