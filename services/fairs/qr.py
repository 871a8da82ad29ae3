"""QR codes for fairs, booths and postings, and the printable A4 booth sheet (PDF)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from frontend.i18n import EN, ZH, bilingual, t
from services.errors import Conflict, EnterpriseNotFound, ServiceUnavailable
from services.fairs.public_base import is_loopback
from services.models import Booth, Enterprise

if TYPE_CHECKING:
    from fpdf import FPDF

# Debian's fonts-wqy-microhei first (small, TrueType outlines fpdf2 embeds), then other CJK fonts.
CJK_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)


class ImageFormat(StrEnum):
    png = "png"
    svg = "svg"


@dataclass(frozen=True, slots=True)
class BoothCard:
    """What one printed page shows."""

    number: str
    enterprise_name: str
    url: str


def source_tag(prefix: str, value: str = "") -> str:
    """A PageHit source such as booth-A01: letters, digits, - and _ only, at most 32 chars."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "", value)
    return f"{prefix}-{cleaned}"[:32] if cleaned else prefix[:32]


def fair_url(public_url: str, fair_id: int) -> str:
    """The short URL printed at a fair's entrance."""
    return f"{public_url.rstrip('/')}/f/{fair_id}?s=qr"


def booth_url(public_url: str, fair_id: int, enterprise_id: int, booth_number: str) -> str:
    """The short URL of a booth's code: that enterprise's jobs, counted per booth."""
    source = source_tag("booth", booth_number)
    return f"{public_url.rstrip('/')}/f/{fair_id}/b/{enterprise_id}?s={source}"


def posting_url(public_url: str, posting_id: int) -> str:
    """The short URL of one posting's code."""
    return f"{public_url.rstrip('/')}/jobs/{posting_id}?s=job"


def qr_image(url: str, image_format: ImageFormat, *, scale: int = 8) -> bytes:
    """The QR code of url as PNG or SVG bytes (error correction M, quiet zone 4)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if image_format is ImageFormat.svg:
        code.save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, title=url)
    else:
        code.save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


async def booth_number(*, session: AsyncSession, fair_id: int, enterprise_id: int) -> str:
    """The booth number of an enterprise at a fair, or EnterpriseNotFound."""
    number = await session.scalar(
        select(Booth.number).where(Booth.fair_id == fair_id, Booth.enterprise_id == enterprise_id)
    )
    if number is None:
        raise EnterpriseNotFound()
    return number


async def booth_cards(*, session: AsyncSession, fair_id: int, public_url: str) -> list[BoothCard]:
    """Every booth of a fair, in booth-number order, with its QR URL."""
    rows = (
        await session.execute(
            select(Booth.number, Enterprise.id, Enterprise.name)
            .join(Enterprise, Enterprise.id == Booth.enterprise_id)
            .where(Booth.fair_id == fair_id)
            .order_by(Booth.number)
        )
    ).all()
    return [
        BoothCard(
            number=number, enterprise_name=name, url=booth_url(public_url, fair_id, eid, number)
        )
        for number, eid, name in rows
    ]


@cache
def find_cjk_font() -> Path | None:
    """The first installed CJK font fpdf2 can embed."""
    return next((path for path in CJK_FONT_CANDIDATES if path.is_file()), None)


def booth_sheet_pdf(*, fair_name: str, booths: Sequence[BoothCard]) -> bytes:
    """A printable A4 PDF, one page per booth: QR, booth number, enterprise name, call to action."""
    from fpdf import FPDF

    if not booths:
        raise Conflict(bilingual("qr.no_booths"))
    font = find_cjk_font()
    if font is None:
        raise ServiceUnavailable(bilingual("api.no_cjk_font"))
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=False)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_title(f"{fair_name} {bilingual('qr.pdf_title')}")
    width = pdf.w - 30
    for booth in booths:
        pdf.add_page()
        pdf.set_text_color(90, 96, 110)
        pdf.set_font("cjk", size=14)
        pdf.set_xy(15, 15)
        pdf.multi_cell(width, 7, fair_name, align="C")
        pdf.set_text_color(11, 79, 156)
        pdf.set_font("cjk", size=54)
        pdf.set_xy(15, 32)
        pdf.cell(width, 24, f"展位 {booth.number}", align="C")
        pdf.set_text_color(28, 36, 48)
        pdf.set_font("cjk", size=26 if len(booth.enterprise_name) <= 14 else 18)
        pdf.set_xy(15, 62)
        pdf.multi_cell(width, 12, booth.enterprise_name, align="C")
        png = qr_image(booth.url, ImageFormat.png, scale=20)
        pdf.image(io.BytesIO(png), x=(pdf.w - 125) / 2, y=92, w=125, h=125)
        pdf.set_font("cjk", size=24)
        pdf.set_xy(15, 224)
        pdf.cell(width, 12, t("qr.cta", ZH), align="C")
        pdf.set_font("cjk", size=16)
        pdf.set_xy(15, 238)
        pdf.cell(width, 9, t("qr.cta", EN), align="C")
        pdf.set_text_color(90, 96, 110)
        pdf.set_font("cjk", size=10)
        pdf.set_xy(15, 262)
        pdf.cell(width, 6, booth.url, align="C")
        if is_loopback(booth.url):
            _loopback_warning(pdf, booth.url)
    return bytes(pdf.output())


def _loopback_warning(pdf: FPDF, url: str) -> None:
    """A red box across the page: these codes cannot be followed by any phone."""
    base = url.split("/f/", 1)[0]
    pdf.set_fill_color(196, 41, 28)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("cjk", size=11)
    pdf.set_xy(10, 270)
    text = f"{t('qr.loopback_warning', ZH, url=base)}\n{t('qr.loopback_warning', EN, url=base)}"
    pdf.multi_cell(pdf.w - 20, 5.5, text, align="C", fill=True)
