"""The organizer's live dashboard: page, live stats (JSON and SSE), demand map, reports.

The page and its stream authenticate with the organizer session cookie
(services/auth/organizer_sessions.py); API clients may use the bearer token instead.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select

from frontend import STATIC_DIR, static_url
from services.auth.organizer_sessions import ConsoleOrganizer, DashboardOrganizer, OrganizerSignIn
from services.db import utcnow
from services.deps import RuntimeDep, SessionDep
from services.fairs import service as fairs
from services.models import Fair
from services.stats.counters import hour_bucket
from services.stats.figures import demand_supply
from services.stats.rebuild import live_events
from services.stats.report import build_report, demand_map
from services.stats.report_pdf import report_pdf
from services.stats.report_xlsx import report_xlsx
from services.stats.stream import fair_snapshot, stats_stream
from services.web.pages import PageDep, PageRoute

ECHARTS = "vendor/echarts.js"  # built by frontend/charts (npm ci && npm run build)
Lang = Annotated[str, Query(pattern="^(zh-CN|en)$")]
_FLAG = TypeAdapter(bool)  # a query flag as FastAPI reads it: 1, true, on, yes …

api = APIRouter(prefix="/api/fairs", tags=["dashboard"])
pages = APIRouter(route_class=PageRoute, include_in_schema=False)


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


def _this_dashboard(request: Request) -> str:
    """Where signing in comes back to: this dashboard, in its big-screen view if asked for."""
    try:
        kiosk = _FLAG.validate_python(request.query_params.get("kiosk", False))
    except ValidationError:  # refused by the page itself, once signed in
        kiosk = False
    return request.url.path + ("?kiosk=1" if kiosk else "")


DashboardViewer = Annotated[int, Depends(OrganizerSignIn(_this_dashboard))]


@pages.get("/dashboard")
async def fair_list(page: PageDep, session: SessionDep, _org: ConsoleOrganizer) -> Response:
    """The fairs an organizer can watch."""
    found = (await session.scalars(select(Fair).order_by(Fair.starts_at.desc()))).all()
    return page.render("dashboard/fairs.html", fairs=found)


@pages.get("/dashboard/{fair_id}")
async def dashboard(
    fair_id: int,
    page: PageDep,
    session: SessionDep,
    _org: DashboardViewer,
    kiosk: bool = False,
) -> Response:
    """The dashboard of one fair; its numbers arrive over the stream.

    `?kiosk=1` is the one-screen view for a hall's big screen: headline numbers, timeline, top
    firms, top trades and a panel that rotates between demand and intentions, readable from 5 m.
    """
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    return page.render(
        "dashboard/index.html",
        fair=fair,
        kiosk=kiosk,
        ended=fair.ends_at <= utcnow(),
        window=(hour_bucket(fair.starts_at), hour_bucket(fair.ends_at)),
        kiosk_url=page.url_with(kiosk=None if kiosk else 1),
        texts={key: page.t(key) for key in _DASHBOARD_KEYS},
        echarts_url=static_url(ECHARTS) if (STATIC_DIR / ECHARTS).is_file() else None,
    )


_DASHBOARD_KEYS = (
    "dash.live",
    "dash.ended",
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
