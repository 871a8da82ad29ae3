"""The talent demand map pages: the organizer's (every cell) and the public one (k-rule).

Both render the same template from the same service calls as /api/insights/*, with the same
filters (period, fairs, chain, district); the shortage catalogue and its downloads follow the
period and the fairs. The charts read the demand map from a JSON block in the page
(services/insights/demand_json.py): the API's answer with its cells per chain × occupation ×
level, what the charts draw, not per district with pay (on a city of 100,000 postings that was
26 MB of page); frontend/static/insights.js draws them (the CSP allows no inline script).
The map and the catalogue share one DemandSource, so each aggregate is read once per page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Response
from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend import STATIC_DIR, static_url
from services.auth.organizer_sessions import ConsoleOrganizer
from services.db import utcnow
from services.deps import SessionDep
from services.insights.catalogue import catalogue_rows, catalogue_rule
from services.insights.demand import asked_period, build_demand_map
from services.insights.demand_json import demand_json
from services.insights.demand_query import DemandQuery
from services.insights.demand_rows import DemandSource
from services.insights.shortages import shortage_catalogue
from services.models import Enterprise, Fair
from services.web.pages import Page, PageDep, PageRoute

ECHARTS = "vendor/echarts.js"  # built by frontend/charts (npm ci && npm run build)
router = APIRouter(route_class=PageRoute, include_in_schema=False)

Day = Annotated[str | None, Query(max_length=40)]
Text = Annotated[str, Query(max_length=60)]
TEXT_KEYS = (
    "ins.chart.chains",
    "ins.chart.occupations",
    "ins.chart.levels",
    "ins.chart.districts",
    "ins.chart.trend",
    "ins.back",
    "ins.empty",
    "ins.no_chain",
    "ins.no_district",
    "ins.col.openings",
    "ins.col.seekers",
    "ins.col.applications",
    "ins.col.intentions",
)


async def fair_choices(*, session: AsyncSession, organizer: bool) -> Sequence[Row[int, str]]:
    """The fairs the filter offers: every fair to organizers; to the public, the fairs that have
    opened (a fair has no draft state, but one not yet opened is not announced by this page)."""
    stmt = select(Fair.id, Fair.name).order_by(Fair.starts_at)
    if not organizer:
        stmt = stmt.where(Fair.starts_at <= utcnow())
    return (await session.execute(stmt)).all()


async def _render(
    page: Page,
    session: SessionDep,
    *,
    organizer: bool,
    start: str | None,
    to: str | None,
    fair_id: list[int],
    chain: str,
    district: str,
) -> Response:
    query = DemandQuery(
        period=await asked_period(session=session, start=start or None, end=to or None),
        fair_ids=tuple(fair_id),
        chain=chain,
        district=district,
    )
    source = DemandSource(session)  # the map and the catalogue share what both read
    demand = await build_demand_map(
        session=session, query=query, anonymous=not organizer, cells="charts", source=source
    )
    catalogue = await shortage_catalogue(
        session=session,
        query=DemandQuery(period=query.period, fair_ids=query.fair_ids),
        source=source,
    )
    districts = (
        await session.scalars(
            select(Enterprise.district)
            .where(Enterprise.district != "")
            .distinct()
            .order_by(Enterprise.district)
        )
    ).all()
    downloads = urlencode(
        [("from", query.period.start), ("to", query.period.end)]
        + [("fair_id", fair) for fair in query.fair_ids]
        + [("lang", page.lang)]
    )
    return page.render(
        "insights/organizer.html" if organizer else "insights/public.html",
        organizer=organizer,
        query=query,
        demand=demand,
        data=demand_json(demand, page.lang),
        shortage_rows=catalogue_rows(catalogue, page.lang),
        shortage_rule=catalogue_rule(catalogue, page.lang),
        all_fairs=await fair_choices(session=session, organizer=organizer),
        districts=districts,
        downloads=downloads,
        texts={key: page.t(key) for key in TEXT_KEYS},
        echarts_url=static_url(ECHARTS) if (STATIC_DIR / ECHARTS).is_file() else None,
    )


@router.get("/organizer/insights")
async def organizer_map(
    page: PageDep,
    session: SessionDep,
    _org: ConsoleOrganizer,
    start: Annotated[Day, Query(alias="from")] = None,
    to: Day = None,
    fair_id: Annotated[list[int] | None, Query()] = None,
    chain: Text = "",
    district: Text = "",
) -> Response:
    """人才需求地图 / Talent demand map of the organizer: every cell, every filter."""
    return await _render(
        page,
        session,
        organizer=True,
        start=start,
        to=to,
        fair_id=fair_id or [],
        chain=chain,
        district=district,
    )


@router.get("/insights")
async def public_map(
    page: PageDep,
    session: SessionDep,
    start: Annotated[Day, Query(alias="from")] = None,
    to: Day = None,
    fair_id: Annotated[list[int] | None, Query()] = None,
    chain: Text = "",
    district: Text = "",
) -> Response:
    """The public talent demand map: aggregates of at least 5 seekers only."""
    return await _render(
        page,
        session,
        organizer=False,
        start=start,
        to=to,
        fair_id=fair_id or [],
        chain=chain,
        district=district,
    )
