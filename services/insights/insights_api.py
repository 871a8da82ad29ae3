"""GET /api/insights/*: the demand map and the shortage catalogue (JSON, XLSX, PDF).

Organizers (bearer token or dashboard cookie) see every cell of the demand map; anyone else gets
the anonymous answer under the k-rule (services/insights/privacy.py). The shortage catalogue is
a public document: the same anonymous figures for everyone.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from services.auth.organizer_sessions import CookieOrganizer
from services.auth.principals import resolve_principal
from services.auth.secrets import Role
from services.deps import TOKEN_OPTIONAL, RuntimeDep, SessionDep, TokenDep
from services.insights.catalogue import CATALOGUE_FORMATS, catalogue_name
from services.insights.demand import asked_period, build_demand_map
from services.insights.demand_json import catalogue_json, demand_json
from services.insights.demand_query import DemandQuery
from services.insights.shortages import ShortageCatalogue, shortage_catalogue

router = APIRouter(prefix="/api/insights", tags=["insights"])

Lang = Annotated[str, Query(pattern="^(zh-CN|en)$")]
Day = Annotated[str | None, Query(max_length=40)]
Text = Annotated[str, Query(max_length=60)]


async def is_organizer(
    request: Request,
    token: TokenDep,
    session: SessionDep,
    runtime: RuntimeDep,
    cookie: CookieOrganizer,
) -> bool:
    """Whether the caller is an organizer (token or cookie); anyone else is anonymous here."""
    if request.headers.get("authorization"):
        principal = await resolve_principal(token, session=session, settings=runtime.settings)
        return principal is not None and principal.role is Role.organizer
    return cookie is not None


OrganizerView = Annotated[bool, Depends(is_organizer)]


@router.get("/demand", openapi_extra=TOKEN_OPTIONAL)
async def demand(
    session: SessionDep,
    organizer: OrganizerView,
    response: Response,
    start: Annotated[Day, Query(alias="from")] = None,
    to: Day = None,
    fair_id: Annotated[list[int] | None, Query()] = None,
    chain: Text = "",
    district: Text = "",
    lang: Lang = "zh-CN",
) -> dict[str, Any]:
    """Openings, seekers, applications, intentions and salary quartiles by chain × occupation ×
    level × district (organizer: every cell; anonymous: cells of at least 5 seekers)."""
    query = DemandQuery(
        period=await asked_period(session=session, start=start, end=to),
        fair_ids=tuple(fair_id or ()),
        chain=chain,
        district=district,
    )
    found = await build_demand_map(session=session, query=query, anonymous=not organizer)
    if organizer:  # every cell, small ones included: never kept by a shared cache
        response.headers["Cache-Control"] = "private, no-store"
    return demand_json(found, lang)


async def catalogue_of(
    session: SessionDep,
    start: Annotated[Day, Query(alias="from")] = None,
    to: Day = None,
    fair_id: Annotated[list[int] | None, Query()] = None,
) -> ShortageCatalogue:
    """The shortage catalogue of ?from=&to= and, when named, of those fairs only."""
    return await shortage_catalogue(
        session=session,
        query=DemandQuery(
            period=await asked_period(session=session, start=start, end=to),
            fair_ids=tuple(fair_id or ()),
        ),
    )


CatalogueDep = Annotated[ShortageCatalogue, Depends(catalogue_of)]


@router.get("/shortages")
async def shortages(catalogue: CatalogueDep, lang: Lang = "zh-CN") -> dict[str, Any]:
    """Ranked occupation × level rows with the shortage index and grade (anonymous figures)."""
    return catalogue_json(catalogue, lang)


@router.get("/shortages.{extension}", response_class=Response)
async def shortage_document(
    extension: Annotated[str, Path(pattern="^(xlsx|pdf)$")],
    catalogue: CatalogueDep,
    lang: Lang = "zh-CN",
) -> Response:
    """The shortage catalogue (紧缺职业（工种）目录) as XLSX or PDF."""
    render, media_type = CATALOGUE_FORMATS[extension]
    body = await asyncio.to_thread(render, catalogue, lang)
    name = quote(catalogue_name(catalogue, lang, extension))
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename=shortages.{extension}; "
            f"filename*=UTF-8''{name}"
        },
    )
