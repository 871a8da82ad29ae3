"""Seeker pages for finding one's way at a fair: the booth directory by hall zone and the map."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Response
from PIL import Image

from services.deps import RuntimeDep, SessionDep
from services.fairs import service as fairs
from services.fairs.directory import booth_zones
from services.fairs.floor_plan import floor_plan_path
from services.web.pages import PageDep, PageRoute, record_hit

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/f/{fair_id}/booths")
async def booth_directory(
    fair_id: int, page: PageDep, runtime: RuntimeDep, session: SessionDep
) -> Response:
    """Firms by hall zone with their booth numbers, each leading to its postings."""
    return await _zones_page("booths.html", fair_id, page, runtime, session)


@router.get("/f/{fair_id}/map")
async def hall_map(
    fair_id: int, page: PageDep, runtime: RuntimeDep, session: SessionDep
) -> Response:
    """The organizer's floor plan when one was uploaded, else the hall drawn from the booth
    numbers: zones A–H as a grid, a tap on a booth opens it."""
    plan = await asyncio.to_thread(_image_size, floor_plan_path(runtime.settings.data_dir, fair_id))
    return await _zones_page("map.html", fair_id, page, runtime, session, floor_plan=plan)


def _image_size(path: Path) -> tuple[int, int] | None:
    if not path.is_file():
        return None
    with Image.open(path) as image:
        return image.size


async def _zones_page(
    template: str,
    fair_id: int,
    page: PageDep,
    runtime: RuntimeDep,
    session: SessionDep,
    **extra: Any,
) -> Response:
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    zones = await booth_zones(session=session, fair_id=fair_id)
    await record_hit(runtime, session, page, fair_id=fair_id, name=template.split(".")[0])
    return page.render(template, home_url=f"/f/{fair_id}", fair=fair, zones=zones, **extra)
