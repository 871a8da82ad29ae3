"""The shortage catalogue (紧缺职业（工种）目录) as XLSX and as an A4 PDF.

Both come from the same rows (`catalogue_rows`) and hold no time of generation, so the same
data gives the same content (the PDF even the same bytes: its creation date is the period's end).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

from fpdf.enums import XPos, YPos

from frontend import CHINA
from frontend.i18n import bilingual, t
from services.db import create_engine, session_factory
from services.errors import ServiceUnavailable
from services.exports.xlsx import Formatted, Sheet, write_workbook
from services.fairs.qr import find_cjk_font
from services.insights.demand_query import BadPeriod, DemandQuery, parse_period
from services.insights.privacy import MIN_SEEKERS
from services.insights.shortages import (
    FAIRLY_SHORT_MULTIPLE,
    MIN_OPENINGS,
    SHORT_MULTIPLE,
    ShortageCatalogue,
    shortage_catalogue,
)
from services.stats.report import level_label, trade_label
from services.stats.report_pdf import INK, MARGIN, MUTED, ReportPdf, pdf_table

COLUMNS = (
    "rank",
    "code",
    "name",
    "level",
    "grade",
    "openings",
    "seekers",
    "ratio",
    "intention_rate",
    "salary",
    "salary_range",
)

Value = str | int | float
PDF_WIDTHS = (5, 10, 22, 12, 8, 8, 8, 8, 7, 12, 13)  # relative, in COLUMNS order


def catalogue_title(catalogue: ShortageCatalogue, lang: str) -> str:
    """The title line: catalogue name and period."""
    period = catalogue.demand.period
    return (
        t("catalogue.title", lang)
        + " "
        + t("catalogue.period", lang, start=period.start, end=period.end)
    )


def catalogue_rule(catalogue: ShortageCatalogue, lang: str) -> str:
    """How rows were chosen and graded, printed under the title."""
    return t(
        "catalogue.rule",
        lang,
        market=f"{catalogue.market_ratio:.2f}",
        short=SHORT_MULTIPLE,
        fairly=FAIRLY_SHORT_MULTIPLE,
        k=MIN_SEEKERS,
        n=MIN_OPENINGS,
    )


def catalogue_name(catalogue: ShortageCatalogue, lang: str, extension: str) -> str:
    """The download's file name."""
    period = catalogue.demand.period
    return t("catalogue.file", lang, start=period.start, end=period.end) + f".{extension}"


def _money(value: float) -> str:
    return f"{value:,.0f}"


def catalogue_rows(catalogue: ShortageCatalogue, lang: str) -> list[tuple[Value, ...]]:
    """Each ranked row's cells, in COLUMNS order (the XLSX and the PDF show the same)."""
    rows: list[tuple[Value, ...]] = []
    for row in catalogue.rows:
        line = row.line
        salary = line.salary
        rows.append(
            (
                row.rank,
                line.occupation_code,
                trade_label(line.occupation_code, lang),
                level_label(line.level, lang),
                row.grade.label_en if lang == "en" else row.grade.label_zh,
                line.openings,
                line.seekers,
                row.ratio,
                row.intention_rate,
                salary.median if salary else "",
                f"{_money(salary.p25)}–{_money(salary.p75)}" if salary else "",
            )
        )
    return rows


def _shown(column: str, value: Value) -> str:
    """A cell as the PDF prints it: ratios with two decimals, shares in %, pay in yuan."""
    if column == "ratio":
        return f"{float(value):.2f}"
    if column == "intention_rate":
        return f"{float(value):.1%}"
    if column == "salary" and isinstance(value, float):
        return _money(value)
    return str(value)


def _header(lang: str) -> list[str]:
    return [t(f"catalogue.col.{name}", lang) for name in COLUMNS]


def catalogue_xlsx(catalogue: ShortageCatalogue, lang: str) -> bytes:
    """The catalogue as a workbook (services/exports/xlsx.py): the rows, then how they were made."""
    ratio, rate = COLUMNS.index("ratio"), COLUMNS.index("intention_rate")
    rows = [
        tuple(
            Formatted(float(value), "0.0%")
            if index == rate
            else Formatted(float(value), "0.00")
            if index == ratio
            else value
            for index, value in enumerate(row)
        )
        for row in catalogue_rows(catalogue, lang)
    ]
    about = Sheet(
        t("catalogue.sheet.about", lang),
        [t("catalogue.title", lang)],
        [(catalogue_title(catalogue, lang),), (catalogue_rule(catalogue, lang),)]
        + [
            (f"{fair.name} ({fair.starts_at.astimezone(CHINA):%Y-%m-%d})",)
            for fair in catalogue.demand.fairs
        ],
        widest=120,
    )
    return write_workbook(
        [Sheet(t("catalogue.sheet.rows", lang), _header(lang), rows), about],
        title=catalogue_title(catalogue, lang),
    )


def catalogue_pdf(catalogue: ShortageCatalogue, lang: str) -> bytes:
    """The catalogue as an A4 PDF with the CJK font embedded; no time of generation inside."""
    font = find_cjk_font()
    if font is None:
        raise ServiceUnavailable(bilingual("api.no_cjk_font"))
    pdf = ReportPdf(format="A4", orientation="landscape", unit="mm")
    pdf.set_creation_date(datetime.combine(catalogue.demand.period.end, time(), CHINA))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("cjk", fname=str(font))
    pdf.set_title(catalogue_title(catalogue, lang))
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 9, t("catalogue.title", lang), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("cjk", size=10)
    period = catalogue.demand.period
    pdf.cell(
        0,
        6,
        t("catalogue.period", lang, start=period.start, end=period.end)
        + " · "
        + t("catalogue.fairs", lang, n=len(catalogue.demand.fairs)),
        align="C",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("cjk", size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5, catalogue_rule(catalogue, lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_text_color(*INK)
    rows = catalogue_rows(catalogue, lang)
    if rows:
        pdf_table(
            pdf, _header(lang), [tuple(map(_shown, COLUMNS, row)) for row in rows], PDF_WIDTHS
        )
    else:
        pdf.cell(0, 8, t("catalogue.empty", lang))
    return bytes(pdf.output())


Renderer = Callable[[ShortageCatalogue, str], bytes]
CATALOGUE_FORMATS: dict[str, tuple[Renderer, str]] = {
    "xlsx": (
        catalogue_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pdf": (catalogue_pdf, "application/pdf"),
}


async def write_catalogue(
    *,
    database_url: str,
    start: str,
    end: str,
    fmt: str,
    output: str | None,
    lang: str,
    fair_ids: tuple[int, ...] = (),
) -> tuple[Path, int]:
    """`fairmatch catalogue`: the period's catalogue (of those fairs only, when named) written
    as xlsx or pdf; its path and rows. The k-rule counts each fair's seekers, as the page does."""
    if fmt not in CATALOGUE_FORMATS:
        raise BadPeriod(bilingual("insights.bad_format"))
    period = parse_period(start, end)
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as session:
            found = await shortage_catalogue(
                session=session, query=DemandQuery(period=period, fair_ids=fair_ids)
            )
    finally:
        await engine.dispose()
    render, _ = CATALOGUE_FORMATS[fmt]
    path = Path(output or catalogue_name(found, lang, fmt))
    body = await asyncio.to_thread(render, found, lang)
    await asyncio.to_thread(path.write_bytes, body)
    return path, len(found.rows)
