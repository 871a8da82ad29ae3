"""Every organizer page sends a signed-out browser to the sign-in page, coming back to the page it
asked for (or, for the training and school forms, to their list page), before anything it sent
is looked at."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from services.auth.organizer_sessions import ORGANIZER_COOKIE
from tests.security.test_authorization_matrix import MATRIX, Who
from tests.security.world import CSRF, concrete
from tests.services.conftest import Api

IDS = {name: "7" for name in ("fair_id", "enterprise_id", "request_id", "chain_id")}
IDS |= {name: "7" for name in ("mapping_id", "provider_id", "school_id")}

# (method, route) → where the sign-in page sends the organizer back to.
SIGN_IN_TARGETS: dict[tuple[str, str], str] = {
    ("GET", "/dashboard"): "/dashboard",
    ("GET", "/dashboard/{fair_id}"): "/dashboard/{fair_id}",
    ("GET", "/organizer"): "/organizer",
    ("POST", "/organizer/fairs"): "/organizer/fairs",
    ("GET", "/organizer/fairs/{fair_id}"): "/organizer/fairs/{fair_id}",
    ("POST", "/organizer/fairs/{fair_id}"): "/organizer/fairs/{fair_id}",
    ("POST", "/organizer/fairs/{fair_id}/firms"): "/organizer/fairs/{fair_id}/firms",
    ("POST", "/organizer/fairs/{fair_id}/import"): "/organizer/fairs/{fair_id}/import",
    (
        "POST",
        "/organizer/fairs/{fair_id}/firms/{enterprise_id}/password",
    ): "/organizer/fairs/{fair_id}/firms/{enterprise_id}/password",
    (
        "POST",
        "/organizer/fairs/{fair_id}/firms/{enterprise_id}/booth",
    ): "/organizer/fairs/{fair_id}/firms/{enterprise_id}/booth",
    (
        "POST",
        "/organizer/fairs/{fair_id}/requests/{request_id}",
    ): "/organizer/fairs/{fair_id}/requests/{request_id}",
    ("GET", "/organizer/accounts"): "/organizer/accounts",
    ("POST", "/organizer/accounts"): "/organizer/accounts",
    ("GET", "/organizer/insights"): "/organizer/insights",
    ("GET", "/organizer/chains"): "/organizer/chains",
    ("POST", "/organizer/chains"): "/organizer/chains",
    ("POST", "/organizer/chains/seed"): "/organizer/chains/seed",
    ("POST", "/organizer/chains/{chain_id}"): "/organizer/chains/{chain_id}",
    ("POST", "/organizer/chains/firms/{enterprise_id}"): "/organizer/chains/firms/{enterprise_id}",
    ("GET", "/organizer/grades"): "/organizer/grades",
    ("POST", "/organizer/grades/{mapping_id}"): "/organizer/grades/{mapping_id}",
    ("GET", "/organizer/training"): "/organizer/training",
    ("POST", "/organizer/training"): "/organizer/training",
    ("POST", "/organizer/training/{provider_id}/delete"): "/organizer/training",
    ("GET", "/organizer/schools"): "/organizer/schools",
    ("POST", "/organizer/schools"): "/organizer/schools",
    ("POST", "/organizer/schools/{school_id}/delete"): "/organizer/schools",
}


def _sign_in_page(target: str) -> str:
    return f"/dashboard/login?next={quote(target)}"


def test_every_organizer_page_names_where_sign_in_comes_back_to() -> None:
    pages = {k for k, who in MATRIX.items() if who is Who.organizer and "/api/" not in k[1]}
    assert pages == SIGN_IN_TARGETS.keys()


@pytest.mark.parametrize("cookie", ["", "fm_os_closed-or-never-opened"])
async def test_a_signed_out_browser_is_sent_to_sign_in_and_back(api: Api, cookie: str) -> None:
    problems: list[str] = []
    for (method, route), target in sorted(SIGN_IN_TARGETS.items()):
        api.client.cookies.clear()
        response = await api.client.request(
            method,
            concrete(route, IDS),
            headers={"Cookie": f"fm_csrf={CSRF}; {ORGANIZER_COOKIE}={cookie}"},
            data={"csrf": CSRF, "name": "甲"} if method == "POST" else None,
            follow_redirects=False,
        )
        expected = _sign_in_page(concrete(target, IDS))
        found = (response.status_code, response.headers.get("location"))
        if found != (303, expected):
            problems.append(f"{method} {route}: {found}, expected (303, {expected})")
    assert problems == [], "\n".join(problems)


async def test_the_big_screen_view_comes_back_as_the_big_screen(api: Api) -> None:
    api.client.cookies.clear()
    for query, target in (("?kiosk=1", "/dashboard/7?kiosk=1"), ("?kiosk=0", "/dashboard/7")):
        response = await api.client.get(f"/dashboard/7{query}", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == _sign_in_page(target)


async def test_sign_in_comes_before_anything_sent_is_checked(api: Api) -> None:
    """A signed-out browser learns nothing about its input: bad ids and values get sign-in too."""
    api.client.cookies.clear()
    for method, url, target in (
        ("GET", "/organizer/fairs/abc", "/organizer/fairs/abc"),
        ("POST", "/organizer/chains/abc", "/organizer/chains/abc"),
        ("POST", "/organizer/training/abc/delete", "/organizer/training"),
        ("GET", f"/organizer/insights?to={'9' * 41}", "/organizer/insights"),
        ("GET", "/dashboard/7?kiosk=maybe", "/dashboard/7"),
    ):
        response = await api.client.request(method, url, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, _sign_in_page(target))
