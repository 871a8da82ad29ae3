"""Hostile files and a stopwatch for the freeze tests: a slow PDF, an .xlsx of empty rows."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import httpx
from openpyxl import Workbook


def slow_pdf(operators: int) -> bytes:
    """A small one-page PDF whose content stream holds `operators` text-showing operators."""
    stream = zlib.compress(b"BT /F1 9 Tf " + b"(a) Tj " * operators + b"ET", 9)
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(bodies) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def empty_rows_xlsx(rows: int, *, header: list[str]) -> bytes:
    """A workbook with a header row, then `rows` empty `<row/>` elements and no dimension."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    plain = io.BytesIO()
    workbook.save(plain)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<dimension")
                text = text[:start] + text[text.index("/>", start) + 2 :]
                text = text.replace("</sheetData>", "<row/>" * rows + "</sheetData>")
                data = text.encode()
            target.writestr(entry.filename, data, compresslevel=9)
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class Timed:
    status: int
    seconds: float


async def timed_while(
    attack: Sequence[Awaitable[httpx.Response]],
    probe: Callable[[], Awaitable[httpx.Response]],
    *,
    head_start: float = 0.5,
) -> tuple[Timed, list[httpx.Response]]:
    """Start the attack, then time one probe request while it runs; the attack's answers too."""
    running = [asyncio.ensure_future(request) for request in attack]
    await asyncio.sleep(head_start)
    started = time.monotonic()
    answer = await probe()
    probe_time = Timed(answer.status_code, time.monotonic() - started)
    return probe_time, list(await asyncio.gather(*running))
