"""The organizer's live dashboard: sign-in, page, live stats (JSON and SSE), demand map, reports.

EventSource cannot send headers, so the page and its stream authenticate with an organizer
session cookie (HttpOnly, SameSite=Strict, HMAC-signed, 12 hours) set by the sign-in form;
API clients may use the bearer token instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from sqlalchemy import select

from frontend import STATIC_DIR, static_url
from services.auth.principals import Principal, bearer_token, require, resolve_principal
from services.auth.secrets import Role
from services.config import Settings
from services.deps import RuntimeDep, SessionDep
from services.errors import NotAuthenticated
from services.fairs import service as fairs
from services.models import Fair, Organizer
from services.stats.figures import demand_supply
from services.stats.rebuild import live_events
from services.stats.report import build_report, demand_map
from services.stats.report_pdf import report_pdf
from services.stats.report_xlsx import report_xlsx
from services.stats.stream import fair_snapshot, stats_stream
from services.web.pages import PageDep, PageRoute

ORGANIZER_COOKIE = "fm_org"
ECHARTS = "vendor/echarts.js"  # built by frontend/charts (npm ci && npm run build)
SESSION_SECONDS = 12 * 3600
Lang = Annotated[str, Query(pattern="^(zh-CN|en)$")]

api = APIRouter(prefix="/api/fairs", tags=["dashboard"])
pages = APIRouter(route_class=PageRoute, include_in_schema=False)


def _signature(settings: Settings, payload: str) -> str:
    key = hashlib.sha256(b"fairmatch-organizer-session:" + settings.admin_token.encode()).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def sign_organizer(settings: Settings, organizer_id: int, *, now: float | None = None) -> str:
    """A session cookie value naming the organizer and its expiry, HMAC-signed."""
    payload = f"{organizer_id}.{int((now or time.time()) + SESSION_SECONDS)}"
    return f"{payload}.{_signature(settings, payload)}"


def read_organizer(settings: Settings, value: str, *, now: float | None = None) -> int | None:
    """The organizer id of a valid, unexpired cookie value, else None."""
    organizer, _, rest = value.partition(".")
    expires, _, signature = rest.partition(".")
    if not (organizer.isdigit() and expires.isdigit()):
        return None
    expected = _signature(settings, f"{organizer}.{expires}")
    if not hmac.compare_digest(expected, signature) or int(expires) < (now or time.time()):
        return None
    return int(organizer)


async def cookie_organizer(
    request: Request, session: SessionDep, runtime: RuntimeDep
) -> int | None:
    """The organizer signed in on this browser (a removed organizer's cookie is void)."""
    found = read_organizer(runtime.settings, request.cookies.get(ORGANIZER_COOKIE, ""))
    if found is None or found == 0:
        return found
    exists = await session.scalar(select(Organizer.id).where(Organizer.id == found))
    return found if exists is not None else None


CookieOrganizer = Annotated[int | None, Depends(cookie_organizer)]


async def get_dashboard_organizer(
    request: Request, session: SessionDep, runtime: RuntimeDep, cookie: CookieOrganizer
) -> Principal:
    """The organizer from a bearer token, else from the session cookie; 401/403 otherwise."""
    if request.headers.get("authorization"):
        token = bearer_token(request)
        principal = await resolve_principal(token, session=session, settings=runtime.settings)
        return require(principal, Role.organizer)
    if cookie is None:
        raise NotAuthenticated()
    return Principal(Role.organizer, cookie)


DashboardOrganizer = Annotated[Principal, Depends(get_dashboard_organizer)]


@api.get("/{fair_id}/stats/live")
async def live_stats(fair_id: int, runtime: RuntimeDep, _org: DashboardOrganizer) -> dict[str, Any]:
    """Live counters with breakdowns per enterprise, trade, level and hour (organizer)."""
    return await fair_snapshot(runtime=runtime, fair_id=fair_id)


@api.get("/{fair_id}/stats/stream", response_class=StreamingResponse)
async def stats_events(
    fair_id: int, runtime: RuntimeDep, session: SessionDep, _org: DashboardOrganizer
) -> StreamingResponse:
    """Server-Sent Events: a `snapshot`, then `delta` frames at most every 500 ms (organizer)."""
    await fairs.get_fair(session=session, fair_id=fair_id)
    await session.close()  # the stream outlives this request's session; snapshots open their own
    stream = stats_stream(
        live=live_events(runtime.events),
        fair_id=fair_id,
        snapshot=lambda: fair_snapshot(runtime=runtime, fair_id=fair_id),
    )
    return StreamingResponse(
        stream,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@api.get("/{fair_id}/demand")
async def talent_demand(
    fair_id: int, session: SessionDep, _org: DashboardOrganizer, lang: Lang = "zh-CN"
) -> dict[str, Any]:
    """Talent demand map: openings versus résumés by occupation group (and trade) × level."""
    await fairs.get_fair(session=session, fair_id=fair_id)
    return demand_map(await demand_supply(session=session, fair_id=fair_id), lang)


_REPORTS = {
    "xlsx": (report_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (report_pdf, "application/pdf"),
}


@api.get("/{fair_id}/report.{extension}", response_class=Response)
async def fair_report(
    fair_id: int,
    extension: Annotated[str, Path(pattern="^(xlsx|pdf)$")],
    session: SessionDep,
    _org: DashboardOrganizer,
    lang: Lang = "zh-CN",
) -> Response:
    """The fair report as XLSX or PDF (organizer); no personal contact data."""
    render, media_type = _REPORTS[extension]
    report = await build_report(session=session, fair_id=fair_id, lang=lang)
    body = await asyncio.to_thread(render, report)
    name = quote(f"{report.fair_name}-{report.t('report.title')}.{extension}")
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename=fair-{fair_id}.{extension}; "
            f"filename*=UTF-8''{name}",
            "Cache-Control": "private, no-store",
        },
    )


def _login_url(next_url: str) -> str:
    return f"/dashboard/login?next={quote(next_url)}"


@pages.get("/dashboard/login")
async def login_form(page: PageDep, next: str = "/dashboard", failed: bool = False) -> Response:
    """The organizer sign-in form."""
    return page.render("dashboard/login.html", next_url=_safe_next(next), failed=failed)


def _safe_next(url: str) -> str:
    return url if url.startswith("/dashboard") and "//" not in url else "/dashboard"


@pages.post("/dashboard/login")
async def login(
    page: PageDep,
    session: SessionDep,
    runtime: RuntimeDep,
    token: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=100)],
    next: Annotated[str, Form(max_length=300)] = "/dashboard",
) -> Response:
    """Check the CSRF token and the organizer token, then set the session cookie."""
    page.check_csrf(csrf)
    try:
        principal = await resolve_principal(
            token.strip(), session=session, settings=runtime.settings
        )
    except NotAuthenticated:
        principal = None
    if principal is None or principal.role is not Role.organizer:
        return page.redirect(_login_url(_safe_next(next)) + "&failed=1")
    response = page.redirect(_safe_next(next))
    response.set_cookie(
        ORGANIZER_COOKIE,
        sign_organizer(runtime.settings, principal.id),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=page.request.url.scheme == "https",
    )
    return response


@pages.post("/dashboard/logout")
async def logout(page: PageDep, csrf: Annotated[str, Form(max_length=100)]) -> Response:
    """Forget the organizer session."""
    page.check_csrf(csrf)
    response = page.redirect("/dashboard/login")
    response.delete_cookie(ORGANIZER_COOKIE, httponly=True, samesite="strict")
    return response


@pages.get("/dashboard")
async def fair_list(page: PageDep, session: SessionDep, organizer: CookieOrganizer) -> Response:
    """The fairs an organizer can watch."""
    if organizer is None:
        return RedirectResponse(_login_url("/dashboard"), status_code=303)
    found = (await session.scalars(select(Fair).order_by(Fair.starts_at.desc()))).all()
    return page.render("dashboard/fairs.html", fairs=found)


@pages.get("/dashboard/{fair_id}")
async def dashboard(
    fair_id: int, page: PageDep, session: SessionDep, organizer: CookieOrganizer
) -> Response:
    """The big-screen dashboard of one fair; its numbers arrive over the stream."""
    if organizer is None:
        return RedirectResponse(_login_url(f"/dashboard/{fair_id}"), status_code=303)
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    return page.render(
        "dashboard/index.html",
        fair=fair,
        texts={key: page.t(key) for key in _DASHBOARD_KEYS},
        echarts_url=static_url(ECHARTS) if (STATIC_DIR / ECHARTS).is_file() else None,
    )


_DASHBOARD_KEYS = (
    "dash.live",
    "dash.offline",
    "dash.updated",
    "dash.kind.scan",
    "dash.kind.visit",
    "dash.kind.resume",
    "dash.kind.application",
    "dash.kind.download",
    "dash.kind.intention",
    "dash.col.demand",
    "dash.col.supply",
    "dash.col.gap",
    "dash.demand.back",
    "dash.demand.empty",
)


router = APIRouter()
router.include_router(api)
router.include_router(pages)
