"""A small fair with two firms, two seekers (one sharing with its school), an organizer and a
school, and how each one authenticates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.routing import _IncludedRouter
from starlette.routing import Mount, Route

from services.auth.organizer_sessions import ORGANIZER_COOKIE, open_organizer_session
from tests.services.conftest import ADMIN_TOKEN, Api
from tests.services.factories import make_enterprise, make_fair, make_posting, make_resume

CSRF = "c" * 43
SECRET_NAME = "泄露测试甲"
SECRET_PHONE = "13912340001"
OTHER_NAME = "隐私测试乙"
OTHER_PHONE = "13912340002"


@dataclass(frozen=True)
class Caller:
    """One principal: the bearer token and the cookies its browser would hold."""

    name: str
    token: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)

    def headers(self) -> dict[str, str]:
        cookies = {"fm_csrf": CSRF} | self.cookies
        jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
        auth = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return auth | {"Cookie": jar}


@dataclass(frozen=True)
class World:
    ids: dict[str, str]
    callers: dict[str, Caller]


async def build_world(api: Api, **seeker_fields: object) -> World:
    """Seeker applied to firm A's posting; the other seeker applied nowhere."""
    fair_id = await make_fair(api)
    firm_a = await make_enterprise(api, fair_id, name="甲公司")
    firm_b = await make_enterprise(api, fair_id, name="乙公司")
    posting = await make_posting(api, firm_a["token"], fair_id)
    await make_posting(api, firm_b["token"], fair_id, title="电焊工")
    school = await api.request(
        "POST",
        "/api/schools",
        token=ADMIN_TOKEN,
        json={"name": "常州技师学院", "majors": ["数控技术"]},
    )
    provider = await api.request(
        "POST", "/api/training-providers", token=ADMIN_TOKEN, json={"name": "常州焊接培训中心"}
    )
    fields = {"name": SECRET_NAME, "phone": SECRET_PHONE, "fair_id": fair_id}
    fields |= {"school_id": school.json()["id"], "share_with_school": True} | seeker_fields
    seeker = await make_resume(api, **fields)
    other = await make_resume(api, name=OTHER_NAME, phone=OTHER_PHONE, fair_id=fair_id)
    applied = await api.request(
        "POST", "/api/applications", token=seeker["token"], json={"posting_id": posting["id"]}
    )
    invited = await api.request(
        "POST",
        "/api/invitations",
        token=firm_a["token"],
        json={"posting_id": posting["id"], "resume_id": seeker["id"]},
    )
    await api.settle()
    async with api.runtime.sessions() as session:
        organizer_cookie = await open_organizer_session(session=session, organizer_id=0)
    ids = {
        "fair_id": str(fair_id),
        "enterprise_id": str(firm_a["id"]),
        "posting_id": str(posting["id"]),
        "resume_id": str(seeker["id"]),
        "application_id": str(applied.json()["id"]),
        "invitation_id": str(invited.json().get("id", 999999)),
        "answer": "accept",
        "export_id": "0" * 32,
        "extension": "xlsx",
        "request_id": "1",
        "chain_id": "1",
        "mapping_id": "1",
        "school_id": str(school.json()["id"]),
        "provider_id": str(provider.json()["id"]),
    }
    callers = {
        "anonymous": Caller("anonymous"),
        "seeker": Caller("seeker", seeker["token"], {"fm_seeker": seeker["token"]}),
        "other_seeker": Caller("other_seeker", other["token"], {"fm_seeker": other["token"]}),
        "enterprise_a": Caller("enterprise_a", firm_a["token"], {"fm_ent": firm_a["token"]}),
        "enterprise_b": Caller("enterprise_b", firm_b["token"], {"fm_ent": firm_b["token"]}),
        "organizer": Caller("organizer", ADMIN_TOKEN, {ORGANIZER_COOKIE: organizer_cookie}),
        "school": Caller("school", school.json()["token"], {"fm_school": school.json()["token"]}),
    }
    return World(ids, callers)


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, included routers and mounts too."""

    def walk(routes: Iterable[object]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for route in routes:
            if isinstance(route, _IncludedRouter):
                found |= walk(route.effective_route_contexts())
            elif isinstance(route, Mount):
                found.add(("MOUNT", route.path))
            elif isinstance(route, Route) or hasattr(route, "methods"):
                methods = getattr(route, "methods", None) or {"GET"}
                path = str(getattr(route, "path", ""))
                found |= {(m, path) for m in methods if m != "HEAD"}
        return found

    return walk(app.routes)


def concrete(path: str, ids: dict[str, str]) -> str:
    """A route template with the world's ids filled in."""
    if path == "/static":
        return "/static/app.js"
    return re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)
