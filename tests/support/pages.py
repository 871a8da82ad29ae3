"""Helpers for page tests: a browser-like client with its own cookies, and a small fair."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select

from services.models import PageHit
from tests.services.conftest import Api
from tests.services.factories import make_enterprise, make_fair, make_posting

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@asynccontextmanager
async def browser(api: Api) -> AsyncIterator[httpx.AsyncClient]:
    """A client that keeps cookies like a phone's browser (the api client clears them)."""
    transport = httpx.ASGITransport(app=api.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def card_titles(html: str) -> list[str]:
    """The job titles of the cards on a list page, in order."""
    return re.findall(r'<span class="card-title">([^<]*)</span>', html)


async def organizer_sign_in(
    client: httpx.AsyncClient, token: str, next_url: str = "/dashboard"
) -> httpx.Response:
    """Sign in on the organizer's page as a person would (the form's CSRF token, then the post)."""
    form = await client.get("/dashboard/login", params={"next": next_url})
    return await client.post(
        "/dashboard/login", data={"token": token, "csrf": csrf_of(form.text), "next": next_url}
    )


def csrf_of(html: str) -> str:
    """The CSRF token a page put in its forms."""
    found = _CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@dataclass
class SmallFair:
    fair_id: int
    enterprise: dict[str, Any]
    other: dict[str, Any]
    lathe: dict[str, Any]
    welder: dict[str, Any]


async def small_fair(api: Api) -> SmallFair:
    """A fair with two enterprises and two indexed postings."""
    fair_id = await make_fair(api)
    enterprise = await make_enterprise(api, fair_id, booth="A01")
    other = await make_enterprise(
        api, fair_id, name="常州天合焊接科技有限公司", booth="B07", district="新北区"
    )
    lathe = await make_posting(api, enterprise["token"], fair_id)
    welder = await make_posting(
        api,
        other["token"],
        fair_id,
        title="电焊工",
        description="焊接钢结构件，二氧化碳保护焊。",
        requirements="持焊工证，高级工优先。",
        skill_level="senior",
        certificates=["熔化焊接与热切割作业证"],
        salary_min=8000,
        salary_max=12000,
        headcount=3,
    )
    await api.settle()
    return SmallFair(fair_id, enterprise, other, lathe, welder)


async def page_hits(api: Api) -> list[tuple[str, str, int | None]]:
    """(page, source, enterprise_id) of every recorded hit, oldest first."""
    async with api.runtime.sessions() as session:
        rows = await session.scalars(select(PageHit).order_by(PageHit.id))
        return [(h.page, h.source, h.enterprise_id) for h in rows]
