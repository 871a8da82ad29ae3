"""The organizer uploads a fair's floor plan; seekers' hall map page shows it."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import FileResponse

from services.deps import OrganizerDep, RuntimeDep, SessionDep
from services.errors import NotFound
from services.fairs import service as fairs
from services.fairs.floor_plan import MAX_FLOOR_PLAN_BYTES, floor_plan_path, store_floor_plan

router = APIRouter(tags=["fairs"])


@router.put("/api/fairs/{fair_id}/floor-plan", status_code=status.HTTP_200_OK)
async def upload_floor_plan(
    fair_id: int, request: Request, runtime: RuntimeDep, session: SessionDep, _org: OrganizerDep
) -> dict[str, int]:
    """Replace the hall map with this image (PNG, JPEG or WebP body, under 1.9 MB)."""
    await fairs.get_fair(session=session, fair_id=fair_id)
    data = await request.body()
    width, height = await asyncio.to_thread(
        store_floor_plan,
        data_dir=runtime.settings.data_dir,
        fair_id=fair_id,
        data=data[: MAX_FLOOR_PLAN_BYTES + 1],
    )
    return {"width": width, "height": height}


@router.delete("/api/fairs/{fair_id}/floor-plan", status_code=status.HTTP_204_NO_CONTENT)
async def remove_floor_plan(
    fair_id: int, runtime: RuntimeDep, session: SessionDep, _org: OrganizerDep
) -> Response:
    """Go back to the hall map drawn from the booth numbers."""
    await fairs.get_fair(session=session, fair_id=fair_id)
    floor_plan_path(runtime.settings.data_dir, fair_id).unlink(missing_ok=True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/f/{fair_id}/floor-plan.jpg", include_in_schema=False)
async def floor_plan_image(fair_id: int, runtime: RuntimeDep) -> FileResponse:
    """The uploaded floor plan, for the hall map page."""
    path = floor_plan_path(runtime.settings.data_dir, fair_id)
    if not path.is_file():
        raise NotFound()
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "no-cache"})
