"""QR codes for a fair's entrance, its booths and single postings, and the printable booth sheet."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from services.auth.organizer_sessions import DashboardOrganizer
from services.deps import RuntimeDep, SessionDep
from services.fairs import qr
from services.fairs import service as fairs
from services.fairs.public_base import qr_base
from services.postings import service as postings

router = APIRouter(prefix="/api", tags=["qr"])

FormatQuery = Annotated[qr.ImageFormat, Query(alias="format")]
_MEDIA = {qr.ImageFormat.png: "image/png", qr.ImageFormat.svg: "image/svg+xml"}


def _base(request: Request, runtime: RuntimeDep) -> str:
    return qr_base(configured=runtime.settings.public_url, request_base=str(request.base_url))


def _image(url: str, image_format: qr.ImageFormat) -> Response:
    return Response(
        qr.qr_image(url, image_format),
        media_type=_MEDIA[image_format],
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/fairs/{fair_id}/qr.png", response_class=Response)
async def fair_qr(
    fair_id: int,
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    image_format: FormatQuery = qr.ImageFormat.png,
) -> Response:
    """The fair's entrance code (PNG, or SVG with ?format=svg): opens its job list."""
    await fairs.get_fair(session=session, fair_id=fair_id)
    return _image(qr.fair_url(_base(request, runtime), fair_id), image_format)


@router.get("/fairs/{fair_id}/booths/{enterprise_id}/qr.png", response_class=Response)
async def booth_qr(
    fair_id: int,
    enterprise_id: int,
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    image_format: FormatQuery = qr.ImageFormat.png,
) -> Response:
    """A booth's code: opens that enterprise's jobs, counted as a scan of this booth."""
    number = await qr.booth_number(session=session, fair_id=fair_id, enterprise_id=enterprise_id)
    url = qr.booth_url(_base(request, runtime), fair_id, enterprise_id, number)
    return _image(url, image_format)


@router.get("/postings/{posting_id}/qr.png", response_class=Response)
async def posting_qr(
    posting_id: int,
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    image_format: FormatQuery = qr.ImageFormat.png,
) -> Response:
    """One posting's code: opens its detail page."""
    await postings.load_posting(session=session, posting_id=posting_id)
    return _image(qr.posting_url(_base(request, runtime), posting_id), image_format)


@router.get("/fairs/{fair_id}/qr-sheet.pdf", response_class=Response)
async def qr_sheet(
    fair_id: int,
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    _org: DashboardOrganizer,
) -> Response:
    """Printable A4 PDF, one page per booth: QR, booth number, enterprise name (organizer: a
    bearer token, or the console's session cookie)."""
    fair = await fairs.get_fair(session=session, fair_id=fair_id)
    cards = await qr.booth_cards(
        session=session, fair_id=fair_id, public_url=_base(request, runtime)
    )
    pdf = await asyncio.to_thread(qr.booth_sheet_pdf, fair_name=fair.name, booths=cards)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="fair-{fair_id}-booth-qr.pdf"'},
    )
